package io.structex;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * Slots' Dekker pair (maxConcurrency(1), its one slot taken): a submitter queues a task and then
 * asks for a slot (Workers.drain), while the worker holding the slot gives it back and then looks
 * for waiting tasks (Workers.nextWaiting). r1: the submitter got the slot; r2: the worker saw the
 * task waiting. At least one of them must see the other, or the task waits with a free slot.
 *
 * <p>Run: {@code mvn -q -Pjcstress -pl jcstress -am compile exec:exec -Djcstress.args="-m quick -t
 * SlotsOfferVsReleaseTest"}
 */
@JCStressTest
@Outcome(id = "true, false", expect = ACCEPTABLE, desc = "the submitter got the slot")
@Outcome(id = "false, true", expect = ACCEPTABLE, desc = "the worker saw the waiting task")
@Outcome(id = "true, true", expect = ACCEPTABLE, desc = "both saw each other")
@Outcome(id = "false, false", expect = FORBIDDEN, desc = "a waiting task and a free slot missed")
@State
public class SlotsOfferVsReleaseTest {

    private final Slots slots = new Slots(1);

    public SlotsOfferVsReleaseTest() {
        slots.tryAcquire(); // the worker's
    }

    @Actor
    public void submitter(ZZ_Result r) {
        slots.enqueue(new StructuredTask<>(() -> 1));
        r.r1 = slots.tryAcquire() > 0;
    }

    @Actor
    public void worker(ZZ_Result r) {
        slots.release();
        r.r2 = slots.hasWaiting();
    }
}
