package io.structex;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * shutdown(false, true) racing shutdownNow() while a task registers (Supervisor.raiseCancelMode):
 * the cancel mode only moves forward, so shutdownNow's CANCEL_ALL is never overwritten by the
 * other's CANCEL_NOT_STARTED. The task was claimed for a maxConcurrency slot at submit, so only
 * CANCEL_ALL cancels it (a claimed task counts as started); it registers from its own thread at any
 * point of the race. r1: the executor terminated within 1 s (the task was interrupted or never ran
 * its body) (1), or not (0: the mode was lowered and the task ran on).
 *
 * <p>Run: {@code mvn -q -Pjcstress -pl jcstress -am compile exec:exec -Djcstress.args="-m quick -t
 * CancelModeRaceTest"}
 */
@JCStressTest
@Outcome(id = "1", expect = ACCEPTABLE, desc = "the running task was cancelled with interrupt")
@Outcome(id = "0", expect = FORBIDDEN, desc = "CANCEL_ALL was lost: the task ran on")
@Outcome(expect = FORBIDDEN, desc = "interrupted while waiting")
@State
public class CancelModeRaceTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private final StructuredExecutor executor =
            StructuredExecutor.builder().maxConcurrency(1).open();

    public CancelModeRaceTest() {
        executor.submit(
                () -> {
                    release.await();
                    return null;
                });
    }

    @Actor
    public void shutdownCancellingFutures() {
        executor.shutdown(false, true);
    }

    @Actor
    public void shutdownNow() {
        var unused = executor.shutdownNow();
    }

    @Arbiter
    public void arbiter(I_Result r) {
        try {
            r.r1 = executor.awaitTermination(1, TimeUnit.SECONDS) ? 1 : 0;
        } catch (InterruptedException e) {
            r.r1 = -1;
        } finally {
            release.countDown();
        }
    }
}
