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
 * JFR event: one task's body ran (or was skipped by a cancel) on its thread; its duration is the
 * body's. Disabled by default, like the JDK's jdk.VirtualThreadStart: a disabled event's begin and
 * commit compile to nothing. Enable it with {@code
 * -XX:StartFlightRecording:io.structex.TaskEnd#enabled=true,...}; see docs/observability.md.
 */
@Name("io.structex.TaskEnd")
@Label("Task End")
@Category("structex")
@Description("A task of a StructuredExecutor ended")
@Enabled(false)
@StackTrace(false)
final class TaskEndEvent extends Event {

    /**
     * Asked for the event's state only: isEnabled() reads the event class's configuration, which
     * JFR sets for the class when a recording starts or changes, not per object.
     */
    private static final TaskEndEvent PROBE = new TaskEndEvent();

    @Label("Executor")
    @Nullable String executor; // set just before commit

    @Label("Outcome")
    @Description("success, failure or cancelled")
    @Nullable String outcome; // set just before commit

    /**
     * Whether a recording has this event enabled now. A task makes its event object only then:
     * while disabled, C2 removes the object but the interpreter and C1 do not, and it then stayed
     * referenced from the frame of every parked task (40 bytes each).
     */
    static boolean enabledNow() {
        return PROBE.isEnabled();
    }
}
