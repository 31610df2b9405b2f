package io.structex;

import java.util.ArrayList;
import java.util.List;
import jdk.jfr.FlightRecorder;
import org.jspecify.annotations.Nullable;

/*
 * Implementation notes: what an executor shows of itself. describe() renders its tree of busy
 * scopes and running tasks; the JFR events (TaskEndEvent per task while a recording enables it,
 * ExecutorCloseEvent from open to termination); the thread names that the timeout's message and
 * the JVM-exit report give; the sampled peak of running tasks of an unbounded executor (a
 * maxConcurrency one counts its workers exactly as they start, see Workers).
 *
 * Everything here reads the TaskTable by a scan, never on a task's path: a scan costs time
 * proportional to the most tasks that ever ran at once.
 *
 * The event classes are loaded only once Flight Recorder is up in this JVM (recorderUp): loading
 * a jdk.jfr.Event subclass registers it, and the first registration starts JFR's Java side, about
 * 450 classes: it made the first open() take 120-160 ms and 9 MB of memory (a program that opens
 * one executor and runs one task: 0.22 s and 64 MB, now 0.10 s and 55 MB; 0.08 s and 46 MB with
 * the JDK's executor). So an executor opened before any recording started in the JVM has no close
 * event, as a JDK event begun before its recording is not recorded either.
 */
final class Diagnostics {

    private final StructuredExecutor executor;
    private final @Nullable String name;
    // begun at open if Flight Recorder was up then, else null
    private final @Nullable ExecutorCloseEvent closeEvent;

    Diagnostics(StructuredExecutor executor, @Nullable String name) {
        this.executor = executor;
        this.name = name;
        ExecutorCloseEvent event = null;
        if (recorderUp()) {
            event = new ExecutorCloseEvent();
            event.begin();
        }
        this.closeEvent = event;
    }

    /**
     * Whether Flight Recorder is up in this JVM (a recording was started, from the command line,
     * jcmd or the API): until then no event class of ours is loaded. One volatile read.
     */
    static boolean recorderUp() {
        return FlightRecorder.isInitialized();
    }

    /** The name, or an identity for an unnamed executor. */
    String label() {
        return name != null ? name : "@" + Integer.toHexString(System.identityHashCode(executor));
    }

    /**
     * Counts the running task bodies; in an unbounded executor that count is also a sample of the
     * peak.
     */
    int samplePeak() {
        int running = executor.host.tasks().count();
        if (!executor.host.bounded()) {
            executor.counters.notePeak(running);
        }
        return running;
    }

    /**
     * The keeper's sample of the peak of an unbounded executor, every KeepAlive.LINGER (a large
     * table less often: one scan of 64 Ki slots per look).
     */
    void keeperSample(long wake) {
        if (!executor.host.bounded()
                && wake % Math.max(1, executor.host.tasks().capacity() >>> 16) == 0) {
            samplePeak();
        }
    }

    void commitTaskEnd(StructuredTask<?> task, TaskEndEvent event) {
        event.end();
        if (event.shouldCommit()) {
            event.executor = label();
            event.outcome =
                    switch (task.state()) {
                        case SUCCESS -> "success";
                        case FAILED -> "failure";
                        default -> "cancelled";
                    };
            event.commit();
        }
    }

    /** At termination: the executor's JFR event, if a recording enables it. */
    void commitClose() {
        ExecutorCloseEvent event = closeEvent;
        if (event == null) {
            return;
        }
        event.end();
        if (event.shouldCommit()) {
            Counters counters = executor.counters;
            event.executor = label();
            event.tasksRun = counters.submitted(executor.termination.enteredSum());
            event.failed = counters.failed();
            event.cancelled = counters.cancelled();
            event.commit();
        }
    }

    /** The tree of describe(): this executor, its running tasks, its busy children. */
    void describe(StringBuilder out, String lead, String childLead) {
        out.append(lead).append(executor).append('\n');
        List<Object> lines = new ArrayList<>();
        List<StructuredTask<?>> running = executor.host.tasks().snapshot();
        if (!executor.host.bounded()) {
            executor.counters.notePeak(running.size());
        }
        for (StructuredTask<?> task : running) {
            Thread runner = task.runner();
            if (runner == null) {
                if (task instanceof StageTask<?> t) {
                    Object stage = t.stage();
                    lines.add(
                            "a task without a thread"
                                    + (task.isCancelled() ? " (cancelled)" : "")
                                    + (stage == null ? ", starting" : ", waiting for " + stage));
                }
                continue;
            }
            lines.add(
                    threadName(runner)
                            + (task.isCancelled() ? " (cancelled, still running" : " (running")
                            + (task.background() ? ", background)" : ")"));
        }
        int waiting = executor.pendingCount() - running.size();
        if (executor.host.bounded() && waiting > 0) {
            lines.add(waiting + " waiting for a slot");
        }
        for (StructuredExecutor child : executor.termination.children()) {
            lines.add(child);
        }
        for (int i = 0; i < lines.size(); i++) {
            boolean last = i == lines.size() - 1;
            Object line = lines.get(i);
            String branch = childLead + (last ? "└─ " : "├─ ");
            if (line instanceof StructuredExecutor child) {
                child.diagnostics.describe(out, branch, childLead + (last ? "   " : "│  "));
            } else {
                out.append(branch).append(line).append('\n');
            }
        }
    }

    /** The threads of the running tasks that have one. */
    List<Thread> taskThreads() {
        List<Thread> threads = new ArrayList<>();
        for (StructuredTask<?> task : executor.host.tasks().snapshot()) {
            Thread runner = task.runner();
            if (runner != null) {
                threads.add(runner);
            }
        }
        return threads;
    }

    /** The names of the first {@code max} running tasks' threads. */
    List<String> taskThreadNames(int max) {
        List<String> names = new ArrayList<>();
        for (Thread t : taskThreads()) {
            if (names.size() == max) {
                break;
            }
            names.add(threadName(t));
        }
        return names;
    }

    static String threadName(Thread t) {
        return t.getName().isEmpty() ? t.toString() : t.getName();
    }
}
