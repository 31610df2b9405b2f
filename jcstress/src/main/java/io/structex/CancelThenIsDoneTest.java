package io.structex;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * cancel racing completion, read from the canceller: Future promises that isDone() is true once
 * cancel returns, whatever it returned. A cancel that finds the task COMPLETING must not return
 * before the completion ends (StructuredTask.cancel). r1: cancel returned true; r2: isDone() right
 * after it returned.
 *
 * <p>Run: {@code mvn -q -Pjcstress -pl jcstress -am compile exec:exec -Djcstress.args="-m quick -t
 * CancelThenIsDoneTest"}
 */
@JCStressTest
@Outcome(id = "true, true", expect = ACCEPTABLE, desc = "cancelled; done")
@Outcome(id = "false, true", expect = ACCEPTABLE, desc = "lost to the completion; done")
@Outcome(id = ".*, false", expect = FORBIDDEN, desc = "cancel returned while not done")
@State
public class CancelThenIsDoneTest {

    private final StructuredTask<Integer> task = new StructuredTask<>(() -> 42);

    public CancelThenIsDoneTest() {
        task.claim(); // running: the race is cancel against the body's completion
    }

    @Actor
    public void complete() {
        task.runClaimedBody();
    }

    @Actor
    public void cancel(ZZ_Result r) {
        r.r1 = task.cancel(true);
        r.r2 = task.isDone();
    }
}
