package io.structex;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIJ_Result;

/**
 * A finishing task handing its slot to the waiting task, racing a cancel of that waiting task
 * (maxConcurrency(1)): the claim (NEW -> RUNNING) against NEW -> CANCELLED, and the pending
 * bookkeeping that goes with whichever wins. r1: the cancel returned true; r2: how many times the
 * waiting task's body ran; r3: the raw pending count after close().
 *
 * <p>Run: {@code mvn -q -Pjcstress -pl jcstress -am compile exec:exec -Djcstress.args="-m quick -t
 * SlotHandOffVsCancelTest"}
 */
@JCStressTest
@Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "cancelled while it waited: it never ran")
@Outcome(
        id = "0, 1, 0",
        expect = ACCEPTABLE,
        desc = "it got the slot and ran; the cancel came too late")
@Outcome(
        id = "1, 1, 0",
        expect = ACCEPTABLE,
        desc = "cancelled while it ran (cancel(false) does not stop a body)")
@Outcome(id = "0, 0, .*", expect = FORBIDDEN, desc = "neither cancelled nor run: a lost task")
@Outcome(expect = FORBIDDEN, desc = "wrong bookkeeping: ran twice, or pending not back to zero")
@State
public class SlotHandOffVsCancelTest {

    private final StructuredExecutor executor =
            StructuredExecutor.builder().maxConcurrency(1).open();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger waitingRan = new AtomicInteger();
    private final TaskFuture<?> waiting;

    public SlotHandOffVsCancelTest() {
        executor.submit(
                () -> {
                    release.await();
                    return null;
                });
        waiting = executor.submit(waitingRan::incrementAndGet);
    }

    @Actor
    public void slotFrees() {
        release.countDown();
    }

    @Actor
    public void cancelWaiting(IIJ_Result r) {
        r.r1 = waiting.cancel(false) ? 1 : 0;
    }

    @Arbiter
    public void arbiter(IIJ_Result r) {
        executor.close();
        r.r2 = waitingRan.get();
        r.r3 = executor.termination.pending();
    }
}
