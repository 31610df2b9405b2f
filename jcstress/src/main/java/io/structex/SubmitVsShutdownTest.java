package io.structex;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * submit racing shutdown(false): the pending-count/state Dekker pair in StructuredExecutor.start.
 * r1: the submit was accepted (1) or rejected (0); r2: how many times the task ran, after close().
 *
 * <p>Run: {@code mvn -q -Pjcstress -pl jcstress -am compile exec:exec -Djcstress.args="-m quick -t
 * SubmitVsShutdownTest"}
 */
@JCStressTest
@Outcome(
        id = "1, 1",
        expect = ACCEPTABLE,
        desc = "submit first: the task was accepted and ran once")
@Outcome(
        id = "0, 0",
        expect = ACCEPTABLE,
        desc = "shutdown first: the submit was rejected, nothing ran")
@Outcome(id = "1, 0", expect = FORBIDDEN, desc = "accepted but never ran: a lost task")
@Outcome(id = "0, 1", expect = FORBIDDEN, desc = "rejected but ran: half-done")
@Outcome(expect = FORBIDDEN, desc = "ran more than once")
@State
public class SubmitVsShutdownTest {

    private final StructuredExecutor executor = StructuredExecutor.open();
    private final AtomicInteger ran = new AtomicInteger();
    private int accepted;

    @Actor
    public void submit() {
        try {
            executor.submit(ran::incrementAndGet);
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
    public void arbiter(II_Result r) {
        executor.close();
        r.r1 = accepted;
        r.r2 = ran.get();
    }
}
