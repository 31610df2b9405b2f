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
import org.openjdk.jcstress.infra.results.JJ_Result;

/**
 * The last task's exit (pending 1 -> 0) racing shutdown: exactly one of them must terminate the
 * executor. r1: terminated within 10 s (1) or not (0); r2: the raw pending count after.
 *
 * <p>Run: {@code mvn -q -Pjcstress -pl jcstress -am compile exec:exec -Djcstress.args="-m quick -t
 * PendingVsTerminationTest"}
 */
@JCStressTest
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "terminated, nothing pending")
@Outcome(id = "0, .*", expect = FORBIDDEN, desc = "never terminated: a lost termination")
@Outcome(expect = FORBIDDEN, desc = "terminated with a wrong pending count")
@State
public class PendingVsTerminationTest {

    private final StructuredExecutor executor = StructuredExecutor.open();
    private final CountDownLatch release = new CountDownLatch(1);

    public PendingVsTerminationTest() {
        executor.submit(
                () -> {
                    release.await();
                    return null;
                });
    }

    @Actor
    public void lastTaskEnds() {
        release.countDown();
    }

    @Actor
    public void shutdown() {
        executor.shutdown(false);
    }

    @Arbiter
    public void arbiter(JJ_Result r) {
        try {
            r.r1 = executor.awaitTermination(10, TimeUnit.SECONDS) ? 1 : 0;
        } catch (InterruptedException e) {
            r.r1 = -1;
        }
        r.r2 = executor.termination.pending();
    }
}
