package io.structex;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.Future;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * cancel racing completion: StructuredTask's state machine (NEW -> RUNNING -> COMPLETING -> NORMAL
 * against NEW/RUNNING -> CANCELLED). r1: cancel returned true; r2: the future ended SUCCESS.
 *
 * <p>Run: {@code mvn -q -Pjcstress -pl jcstress -am compile exec:exec -Djcstress.args="-m quick -t
 * CancelVsCompleteTest"}
 */
@JCStressTest
@Outcome(id = "true, false", expect = ACCEPTABLE, desc = "cancelled before or while it ran")
@Outcome(id = "false, true", expect = ACCEPTABLE, desc = "completed before the cancel")
@Outcome(id = "true, true", expect = FORBIDDEN, desc = "both cancelled and successful")
@Outcome(id = "false, false", expect = FORBIDDEN, desc = "neither: the future never ended")
@State
public class CancelVsCompleteTest {

    private final StructuredTask<Integer> task = new StructuredTask<>(() -> 42);

    @Actor
    public void run() {
        if (task.claim()) { // what the task's own thread does: claim, then run the body
            task.runClaimedBody();
        }
    }

    @Actor
    public void cancel(ZZ_Result r) {
        r.r1 = task.cancel(false);
    }

    @Arbiter
    public void arbiter(ZZ_Result r) {
        r.r2 = task.state() == Future.State.SUCCESS;
    }
}
