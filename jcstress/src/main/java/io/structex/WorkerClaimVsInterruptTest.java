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
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * A maxConcurrency worker taking the next waiting task (bind its thread with a plain write, then
 * claim it by CAS: StructuredExecutor.nextWaiting) racing a cancel(true) of that task, which
 * interrupts the thread it finds once it sees the task RUNNING. maxConcurrency(1): a blocked first
 * task, then the target, then a third task that reports whether its thread was interrupted when it
 * began. r1: cancel(true) returned true; r2: the target's body ran; r3: the third task began
 * interrupted (never: an interrupt meant for one task must not reach the next on the same worker).
 *
 * <p>Run: {@code mvn -q -Pjcstress -pl jcstress -am compile exec:exec -Djcstress.args="-m quick -t
 * WorkerClaimVsInterruptTest"}
 */
@JCStressTest
@Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "cancelled before its body: it never ran")
@Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "cancelled while its body ran")
@Outcome(id = "0, 1, 0", expect = ACCEPTABLE, desc = "it ran and completed before the cancel")
@Outcome(id = ".*, .*, 1", expect = FORBIDDEN, desc = "the interrupt reached the next task")
@Outcome(expect = FORBIDDEN, desc = "neither cancelled nor run: a lost task")
@State
public class WorkerClaimVsInterruptTest {

    private final StructuredExecutor executor =
            StructuredExecutor.builder().maxConcurrency(1).open();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger targetRan = new AtomicInteger();
    private final AtomicInteger nextInterrupted = new AtomicInteger();
    private final TaskFuture<?> target;

    public WorkerClaimVsInterruptTest() {
        executor.submit(
                () -> {
                    release.await();
                    return null;
                });
        target = executor.submit(targetRan::incrementAndGet);
        executor.submit(() -> nextInterrupted.set(Thread.currentThread().isInterrupted() ? 1 : 0));
    }

    @Actor
    public void slotFrees() {
        release.countDown();
    }

    @Actor
    public void cancelTarget(III_Result r) {
        r.r1 = target.cancel(true) ? 1 : 0;
    }

    @Arbiter
    public void arbiter(III_Result r) {
        executor.close();
        r.r2 = targetRan.get();
        r.r3 = nextInterrupted.get();
    }
}
