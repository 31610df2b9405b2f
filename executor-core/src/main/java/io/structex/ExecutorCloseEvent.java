package io.structex;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import org.jspecify.annotations.Nullable;

/**
 * JFR event: an executor terminated; its duration is the executor's life, from open to termination.
 * Disabled by default; see {@link TaskEndEvent}.
 */
@Name("io.structex.ExecutorClose")
@Label("Executor Close")
@Category("structex")
@Description("A StructuredExecutor terminated: all its tasks ended")
@Enabled(false)
@StackTrace(false)
final class ExecutorCloseEvent extends Event {

    @Label("Executor")
    @Nullable String executor; // set just before commit

    @Label("Tasks Run")
    @Description("Tasks accepted over the executor's life")
    long tasksRun;

    @Label("Failed")
    long failed;

    @Label("Cancelled")
    long cancelled;
}
