package io.structex;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * addDoneCallback racing the completion of a submitAsync task's stage on another thread, which
 * takes the callbacks to run on a virtual thread (StructuredTask.succeedLeavingCallbacks): the
 * callback runs exactly once, there or in the adding thread, and before the task ends (close()
 * returns). r1: how many times the callback had run when close() returned.
 *
 * <p>Run: {@code mvn -q -Pjcstress -pl jcstress -am compile exec:exec -Djcstress.args="-m quick -t
 * StageCallbackVsCompletionTest"}
 */
@JCStressTest
@Outcome(id = "1", expect = ACCEPTABLE, desc = "the callback ran exactly once, before the end")
@Outcome(id = "0", expect = FORBIDDEN, desc = "a lost callback, or one after the task ended")
@Outcome(expect = FORBIDDEN, desc = "the callback ran more than once")
@State
public class StageCallbackVsCompletionTest {

    private final StructuredExecutor executor = StructuredExecutor.open();
    private final CompletableFuture<Integer> stage = new CompletableFuture<>();
    private final TaskFuture<Integer> task = executor.submitAsync(() -> stage);
    private final AtomicInteger calls = new AtomicInteger();

    @Actor
    public void complete() {
        stage.complete(42); // this thread stands for an HTTP client's or Hazelcast's
    }

    @Actor
    public void addCallback() {
        task.addDoneCallback(f -> calls.incrementAndGet());
    }

    @Arbiter
    public void arbiter(I_Result r) {
        executor.close();
        r.r1 = calls.get();
    }
}
