package io.structex;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * WaitQueue: an offer racing a thread that polls, offers and polls again. The second thread can
 * poll the first one's node before that offer has swung the tail, leaving the tail on a node polled
 * past (linked to itself), which its own offer must then step over. r1, r2: what the second
 * thread's polls returned (1: task a, 2: task b, 0: none); r3, r4: what the arbiter's polls found
 * after them. Every task leaves exactly once, in the order its offer linked it.
 *
 * <p>Run: {@code mvn -q -Pjcstress -pl jcstress -am compile exec:exec -Djcstress.args="-m quick -t
 * WaitQueueOfferVsPollTest"}
 */
@JCStressTest
@Outcome(id = "1, 2, 0, 0", expect = ACCEPTABLE, desc = "a polled, then b offered and polled")
@Outcome(id = "0, 1, 2, 0", expect = ACCEPTABLE, desc = "a linked before b")
@Outcome(id = "0, 2, 1, 0", expect = ACCEPTABLE, desc = "b linked before a")
@Outcome(expect = FORBIDDEN, desc = "a task lost, polled twice, or out of order")
@State
public class WaitQueueOfferVsPollTest {

    private final WaitQueue queue = new WaitQueue();
    private final StructuredTask<Integer> a = new StructuredTask<>(() -> 1);
    private final StructuredTask<Integer> b = new StructuredTask<>(() -> 2);

    private int id(StructuredTask<?> t) {
        return t == null ? 0 : t == a ? 1 : t == b ? 2 : -1;
    }

    @Actor
    public void offerA() {
        queue.offer(a);
    }

    @Actor
    public void pollOfferPoll(IIII_Result r) {
        r.r1 = id(queue.poll());
        queue.offer(b);
        r.r2 = id(queue.poll());
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
        r.r3 = id(queue.poll());
        r.r4 = id(queue.poll());
    }
}
