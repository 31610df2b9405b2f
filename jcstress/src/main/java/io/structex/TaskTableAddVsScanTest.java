package io.structex;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * A task adding itself to its executor's TaskTable racing a cancelling scan (the Dekker pair of
 * TaskHost.beforeBody and Supervisor.cancelEverything): the task adds itself and then reads the
 * cancel mode; the canceller writes the mode and then scans the table. Either the task sees the
 * mode, or the scan sees the task. r1: the task saw the mode; r2: the scan found the task.
 *
 * <p>Run: {@code mvn -q -Pjcstress -pl jcstress -am compile exec:exec -Djcstress.args="-m quick -t
 * TaskTableAddVsScanTest"}
 */
@JCStressTest
@Outcome(id = "true, true", expect = ACCEPTABLE, desc = "both saw each other")
@Outcome(id = "true, false", expect = ACCEPTABLE, desc = "the task saw the mode and cancels itself")
@Outcome(id = "false, true", expect = ACCEPTABLE, desc = "the scan found the task and cancels it")
@Outcome(id = "false, false", expect = FORBIDDEN, desc = "neither: a task that is never cancelled")
@State
public class TaskTableAddVsScanTest {

    private final TaskTable table = new TaskTable();
    private final StructuredTask<Integer> task = new StructuredTask<>(() -> 1);
    private volatile boolean cancelMode;

    @Actor
    public void taskStarts(ZZ_Result r) {
        table.add(task, Thread.currentThread().threadId());
        r.r1 = cancelMode;
    }

    @Actor
    public void cancelAll(ZZ_Result r) {
        cancelMode = true;
        r.r2 = table.snapshot().contains(task);
    }
}
