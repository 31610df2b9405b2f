package io.structex;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * addDoneCallback racing completion: the callback stack (push by CAS against the completer's swap
 * to CALLBACKS_RUN). r1: how many times the callback ran.
 *
 * <p>Run: {@code mvn -q -Pjcstress -pl jcstress -am compile exec:exec -Djcstress.args="-m quick -t
 * CallbackVsCompletionTest"}
 */
@JCStressTest
@Outcome(id = "1", expect = ACCEPTABLE, desc = "the callback ran exactly once")
@Outcome(id = "0", expect = FORBIDDEN, desc = "a lost callback")
@Outcome(expect = FORBIDDEN, desc = "the callback ran more than once")
@State
public class CallbackVsCompletionTest {

    private final StructuredTask<Integer> task = new StructuredTask<>(() -> 42);
    private final AtomicInteger calls = new AtomicInteger();

    @Actor
    public void complete() {
        if (task.claim()) { // what the task's own thread does: claim, then run the body
            task.runClaimedBody();
        }
    }

    @Actor
    public void addCallback() {
        task.addDoneCallback(f -> calls.incrementAndGet());
    }

    @Arbiter
    public void arbiter(I_Result r) {
        r.r1 = calls.get();
    }
}
