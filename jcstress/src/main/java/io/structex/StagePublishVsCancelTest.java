package io.structex;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * submitAsync (StageTask) racing shutdownNow: the task publishes its stage (a volatile write, then
 * a read of its state) while the scan cancels it with interrupt (a write of the state, then a read
 * of the stage). Whichever comes second must see the other: a task that started and was cancelled
 * must have its stage cancelled. r1: the start function ran; r2: the stage was cancelled.
 *
 * <p>Run: {@code mvn -q -Pjcstress -pl jcstress -am compile exec:exec -Djcstress.args="-m quick -t
 * StagePublishVsCancelTest"}
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "started, then cancelled with its stage")
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "cancelled or rejected before it started")
@Outcome(id = "1, 0", expect = FORBIDDEN, desc = "started, cancelled, its stage left running")
@Outcome(expect = FORBIDDEN, desc = "impossible")
@State
public class StagePublishVsCancelTest {

    private final StructuredExecutor executor = StructuredExecutor.open();
    private final CompletableFuture<Integer> stage = new CompletableFuture<>();
    private final AtomicInteger started = new AtomicInteger();

    @Actor
    public void submit() {
        try {
            var unused =
                    executor.submitAsync(
                            () -> {
                                started.set(1);
                                return stage;
                            });
        } catch (RejectedExecutionException afterShutdown) {
            // the shutdown came first: nothing started
        }
    }

    @Actor
    public void shutdownNow() {
        var unused = executor.shutdownNow();
    }

    @Arbiter
    public void arbiter(II_Result r) {
        r.r1 = started.get();
        r.r2 = stage.isCancelled() ? 1 : 0;
        stage.complete(0); // a stage left running would hold the executor
    }
}
