package io.structex;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.CountDownLatch;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZZ_Result;

/**
 * A shielded body ending racing a cancel(true) of its task (Shields: deliver against the shield's
 * exit). The interrupt must never land inside the body, and never be lost: it is set by the time
 * the task reads its flag after the body, once the cancel has returned. r1: cancel returned true;
 * r2: the body saw its thread interrupted; r3: the task found its flag set after the body.
 *
 * <p>Run: {@code mvn -q -Pjcstress -pl jcstress -am compile exec:exec -Djcstress.args="-m quick -t
 * ShieldedEndVsCancelTest"}
 */
@JCStressTest
@Outcome(id = "true, false, true", expect = ACCEPTABLE, desc = "held back, delivered after")
@Outcome(id = ".*, true, .*", expect = FORBIDDEN, desc = "the interrupt landed in the body")
@Outcome(id = "true, false, false", expect = FORBIDDEN, desc = "the interrupt was lost")
@Outcome(expect = FORBIDDEN, desc = "the cancel failed on a running task")
@State
public class ShieldedEndVsCancelTest {

    private final StructuredExecutor executor = StructuredExecutor.open();
    private final CountDownLatch inBody = new CountDownLatch(1);
    private final CountDownLatch endBody = new CountDownLatch(1);
    private final TaskFuture<Object> task;
    private volatile boolean cancelReturned;
    private volatile boolean bodySawInterrupt;
    private volatile boolean flagAfter;

    public ShieldedEndVsCancelTest() {
        task =
                executor.submit(
                        () -> {
                            StructuredExecutor.shielded(
                                    () -> {
                                        inBody.countDown();
                                        try {
                                            endBody.await();
                                            bodySawInterrupt =
                                                    Thread.currentThread().isInterrupted();
                                        } catch (InterruptedException e) {
                                            bodySawInterrupt = true;
                                        }
                                        return null;
                                    });
                            while (!cancelReturned) {
                                Thread.onSpinWait();
                            }
                            flagAfter = Thread.interrupted();
                            return null;
                        });
        while (inBody.getCount() > 0) {
            Thread.onSpinWait(); // the race begins inside the body
        }
    }

    @Actor
    public void bodyEnds() {
        endBody.countDown();
    }

    @Actor
    public void cancel(ZZZ_Result r) {
        r.r1 = task.cancel(true);
        cancelReturned = true;
    }

    @Arbiter
    public void arbiter(ZZZ_Result r) {
        executor.close();
        r.r2 = bodySawInterrupt;
        r.r3 = flagAfter;
    }
}
