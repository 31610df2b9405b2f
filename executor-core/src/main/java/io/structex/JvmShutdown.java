package io.structex;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/*
 * Implementation notes.
 *
 * While any task is pending the keeper (KeepAlive) holds the JVM, so a normal exit (main returned,
 * or threw) never starts with pending work. When shutdown starts anyway, it was asked for:
 * System.exit, Runtime.halt aside, or a signal such as SIGTERM. Then this class's shutdown hook:
 *
 *   1. sets inProgress, so that every executor rejects new work ("after interpreter shutdown");
 *   2. waits, polling every POLL, until every active executor has no pending task or has used up
 *      its own grace period (builder().shutdownGracePeriod), counted from the hook's start;
 *   3. cancels, with interrupt, the tasks still pending (as shutdownNow), and gives them at most
 *      CLEANUP_WINDOW to end, so that their finally blocks run (temporary files, locks,
 *      transactions); a task that ignores the interrupt holds the JVM no longer than that;
 *   4. reports, per executor, the tasks it interrupted, which of them ended and which it abandons
 *      (still running), by thread name (the first REPORTED_NAMES of each, then a count), through
 *      System.Logger and on System.err (JUL's handlers may already be closed by its own hook);
 *      then the JVM halts.
 *
 * A task that itself called System.exit waits inside Shutdown.exit for the hooks to end, so it will
 * never finish: waiting for it would always cost the whole grace period. Every SCAN_INTERVAL the
 * hook looks at the stacks of the pending task threads that are WAITING or BLOCKED (the states of
 * a thread inside Shutdown.exit) and stops counting those that stand in java.lang.Shutdown.
 *
 * Polling is deliberate: this runs once per JVM, and a condition per executor would put a signal on
 * every task's exit path for the sake of the shutdown path.
 */
final class JvmShutdown {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final long SCAN_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final System.Logger LOGGER = System.getLogger("io.structex");

    /** Threads named in the report per executor: 300k names make a line nobody reads. */
    private static final int REPORTED_NAMES = 20;

    /** How long interrupted tasks may run their finally blocks once the grace period is over. */
    static final long CLEANUP_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);

    // false -> true once, by the shutdown hook (or at class initialisation during a shutdown); read
    // by every submit.
    private static volatile boolean inProgress;

    static {
        try {
            Runtime.getRuntime()
                    .addShutdownHook(
                            Thread.ofPlatform()
                                    .name("structex-shutdown")
                                    .inheritInheritableThreadLocals(false)
                                    .unstarted(JvmShutdown::awaitPendingTasks));
        } catch (IllegalStateException alreadyShuttingDown) {
            inProgress = true;
        }
    }

    private JvmShutdown() {}

    /** Registers the shutdown hook (this class's initialisation does it, once). */
    static void registerHook() {
        // Nothing: calling this initialises the class.
    }

    /** Whether the JVM has begun to shut down (as far as structex has seen). */
    static boolean inProgress() {
        return inProgress;
    }

    private static void awaitPendingTasks() {
        inProgress = true;
        long start = System.nanoTime();
        Set<Thread> exiting = new HashSet<>();
        long lastScan = start - SCAN_INTERVAL_NANOS;
        for (; ; ) {
            long now = System.nanoTime();
            if (now - lastScan >= SCAN_INTERVAL_NANOS) {
                findThreadsInExit(exiting);
                lastScan = now;
            }
            boolean waiting = false;
            for (StructuredExecutor e : KeepAlive.HOLDING.active()) {
                if (now - start < e.shutdownGraceNanos && countPending(e, exiting) > 0) {
                    waiting = true;
                    break;
                }
            }
            if (!waiting) {
                break;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        long graceEnded = System.nanoTime();
        Map<StructuredExecutor, List<Thread>> interrupted = interruptPending(exiting);
        while (!interrupted.isEmpty()
                && System.nanoTime() - graceEnded < CLEANUP_WINDOW_NANOS
                && anyPending(interrupted.keySet(), exiting)) {
            LockSupport.parkNanos(POLL_NANOS);
        }
        report(interrupted, exiting, graceEnded - start);
    }

    /** Cancels, with interrupt, every executor's pending tasks; returns the threads it reached. */
    private static Map<StructuredExecutor, List<Thread>> interruptPending(Set<Thread> exiting) {
        Map<StructuredExecutor, List<Thread>> interrupted = new LinkedHashMap<>();
        for (StructuredExecutor e : KeepAlive.HOLDING.active()) {
            if (countPending(e, exiting) > 0) {
                List<Thread> threads = new ArrayList<>(e.diagnostics.taskThreads());
                threads.removeAll(exiting);
                interrupted.put(e, threads);
                e.shutdownNow();
            }
        }
        return interrupted;
    }

    private static boolean anyPending(Set<StructuredExecutor> executors, Set<Thread> exiting) {
        for (StructuredExecutor e : executors) {
            if (countPending(e, exiting) > 0) {
                return true;
            }
        }
        return false;
    }

    private static int countPending(StructuredExecutor executor, Set<Thread> exiting) {
        int pending = executor.pendingCount();
        if (exiting.isEmpty() || pending == 0) {
            return pending;
        }
        for (Thread t : executor.diagnostics.taskThreads()) {
            if (exiting.contains(t)) {
                pending--;
            }
        }
        return pending;
    }

    private static void findThreadsInExit(Set<Thread> exiting) {
        for (StructuredExecutor e : KeepAlive.HOLDING.active()) {
            for (Thread t : e.diagnostics.taskThreads()) {
                Thread.State s = t.getState();
                if ((s == Thread.State.WAITING || s == Thread.State.BLOCKED)
                        && !exiting.contains(t)
                        && standsInShutdown(t)) {
                    exiting.add(t);
                }
            }
        }
    }

    private static boolean standsInShutdown(Thread t) {
        for (StackTraceElement frame : t.getStackTrace()) {
            if ("java.lang.Shutdown".equals(frame.getClassName())) {
                return true;
            }
        }
        return false;
    }

    private static void report(
            Map<StructuredExecutor, List<Thread>> interrupted,
            Set<Thread> exiting,
            long graceNanos) {
        for (Map.Entry<StructuredExecutor, List<Thread>> entry : interrupted.entrySet()) {
            StructuredExecutor e = entry.getKey();
            Set<Thread> stillRunning = new LinkedHashSet<>(e.diagnostics.taskThreads());
            stillRunning.removeAll(exiting);
            List<Thread> ended = new ArrayList<>(entry.getValue());
            ended.removeAll(stillRunning);
            StringBuilder report =
                    new StringBuilder("JVM exiting after ")
                            .append(Durations.format(graceNanos))
                            .append(" of grace; ")
                            .append(e)
                            .append(" interrupted ")
                            .append(entry.getValue().size())
                            .append(" pending task(s) at the end of its grace period; ")
                            .append(ended.size())
                            .append(" ended");
            if (!ended.isEmpty()) {
                report.append(": ").append(names(ended));
            }
            if (!stillRunning.isEmpty()) {
                report.append("; abandons ")
                        .append(stillRunning.size())
                        .append(" pending task(s): ")
                        .append(names(stillRunning))
                        .append(", still running ")
                        .append(Durations.format(CLEANUP_WINDOW_NANOS))
                        .append(" after the interrupt");
            }
            LOGGER.log(Level.WARNING, report.toString());
            // java.util.logging, System.Logger's default backend, resets its handlers in a
            // shutdown hook of its own that runs beside this one: the line above is then
            // lost. This is the JVM's last word on the tasks, so say it where the JVM says
            // its own (uncaught exceptions): on standard error.
            System.err.println("structex: " + report);
        }
    }

    /** The threads' names, the first REPORTED_NAMES of them, then how many more. */
    private static List<String> names(Collection<Thread> threads) {
        List<String> names = new ArrayList<>();
        for (Thread t : threads) {
            if (names.size() == REPORTED_NAMES) {
                names.add("... and " + (threads.size() - REPORTED_NAMES) + " more");
                break;
            }
            names.add(t.getName().isEmpty() ? t.toString() : t.getName());
        }
        return names;
    }
}
