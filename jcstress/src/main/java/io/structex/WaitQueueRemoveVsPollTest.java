package io.structex;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * WaitQueue: a sibling's remove (Workers.claimForHelper) racing a worker's poll for the same
 * waiting task, another task queued behind it. r1: what the poll returned (1: the waiting task, 2:
 * the one behind it); r2: the remove returned true (1) or false (0); r3: what the arbiter's drain
 * found (2: the task behind; anything else adds 10). Exactly one of the poll and the remove gets
 * the waiting task, and the task behind it leaves exactly once.
 *
 * <p>Run: {@code mvn -q -Pjcstress -pl jcstress -am compile exec:exec -Djcstress.args="-m quick -t
 * WaitQueueRemoveVsPollTest"}
 */
@JCStressTest
@Outcome(id = "1, 0, 2", expect = ACCEPTABLE, desc = "the worker's poll got it")
@Outcome(id = "2, 1, 0", expect = ACCEPTABLE, desc = "the remove got it; the poll skipped it")
@Outcome(expect = FORBIDDEN, desc = "taken twice or by nobody, or the task behind it lost")
@State
public class WaitQueueRemoveVsPollTest {

    private final WaitQueue queue = new WaitQueue();
    private final StructuredTask<Integer> waiting = new StructuredTask<>(() -> 1);
    private final StructuredTask<Integer> behind = new StructuredTask<>(() -> 2);

    public WaitQueueRemoveVsPollTest() {
        queue.offer(waiting);
        queue.offer(behind);
    }

    @Actor
    public void poll(III_Result r) {
        StructuredTask<?> t = queue.poll();
        r.r1 = t == waiting ? 1 : t == behind ? 2 : 0;
    }

    @Actor
    public void remove(III_Result r) {
        r.r2 = queue.remove(waiting) ? 1 : 0;
    }

    @Arbiter
    public void arbiter(III_Result r) {
        int found = 0;
        for (StructuredTask<?> t; (t = queue.poll()) != null; ) {
            found += t == behind ? 2 : 10;
        }
        r.r3 = found;
    }
}
