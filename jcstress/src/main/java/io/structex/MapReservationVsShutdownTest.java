package io.structex;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * map() racing shutdown(false): map reserves its items' pending counts in one update and then
 * submits each against the reservation (Admission.reserve / submitReserved / releaseReserved), so
 * the Dekker pair with shutdown is the reservation's increment against each item's state check. r1:
 * map accepted every item (1) or was rejected (0); r2: how many items ran, after close(); r3:
 * stats' submitted minus (completed + failed + cancelled) after close(), which must be 0 (no
 * reserved count left over, none lost). close() returning at all shows that nothing stayed pending.
 *
 * <p>Run: {@code mvn -q -Pjcstress -pl jcstress -am compile exec:exec -Djcstress.args="-m quick -t
 * MapReservationVsShutdownTest"}
 */
@JCStressTest
@Outcome(id = "1, 2, 0", expect = ACCEPTABLE, desc = "map first: both items accepted and ran")
@Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "shutdown first: map rejected, nothing ran")
@Outcome(
        id = "0, 1, 0",
        expect = ACCEPTABLE,
        desc = "shutdown between the items: the first ran before map cancelled it")
@Outcome(
        id = {"1, 0, 0", "1, 1, 0"},
        expect = FORBIDDEN,
        desc = "accepted but not run: lost")
@Outcome(expect = FORBIDDEN, desc = "counts do not add up, or an item ran twice")
@State
public class MapReservationVsShutdownTest {

    private final StructuredExecutor executor = StructuredExecutor.open();
    private final AtomicInteger ran = new AtomicInteger();
    private int accepted;

    @Actor
    public void map() {
        try (Stream<Integer> results = executor.map(i -> ran.incrementAndGet(), List.of(1, 2))) {
            results.toList(); // waits for both; close() then has nothing left to cancel
            accepted = 1;
        } catch (RejectedExecutionException e) {
            accepted = 0;
        }
    }

    @Actor
    public void shutdown() {
        executor.shutdown(false);
    }

    @Arbiter
    public void arbiter(III_Result r) {
        executor.close();
        ExecutorStats stats = executor.stats();
        r.r1 = accepted;
        r.r2 = ran.get();
        r.r3 = (int) (stats.submitted() - stats.completed() - stats.failed() - stats.cancelled());
    }
}
