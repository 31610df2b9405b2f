package io.structex;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/*
 * Implementation notes: supervision, the policy of one executor's scope (as jox's Supervisor).
 *
 * What ends a scope early: the first failure of a fail-fast executor, its timeout, shutdownNow,
 * an interrupted close, or the same reaching it from its parent. Each of them cancels everything
 * (cancelEverything); the failure and the timeout are remembered (Failures) for close() to throw.
 *
 * Cancel mode, one volatile int (CANCEL_MODE), raised only (raiseCancelMode, a CAS):
 *   NONE -> NOT_STARTED     shutdown(cancelFutures = true): cancel what has not started
 *   NOT_STARTED -> ALL      cancelEverything (and NONE -> ALL directly)
 * A plain write could lower ALL back to NOT_STARTED when shutdown(false, true) raced shutdownNow
 * (jcstress: CancelModeRaceTest).
 *
 * A task adds itself to the executor's TaskTable from its own thread and then reads the mode
 * (beforeBody); a cancelling scan writes the mode and then reads the table (a Dekker pair): a
 * task is either seen by the scan or sees the mode, and cancels itself. A task the scan sees may
 * not yet be claimed (NEW: an unbounded task claims itself after it registered) and claim itself
 * after the scan passed it, before the scan of the tasks not started reaches it: that scan, under
 * cancelEverything, cancels with interrupt a task it finds claimed since (its claim came after
 * the mode was raised, so nothing else would). Found by jcstress StagePublishVsCancelTest: 1 in
 * 725,000 samples, a task started by submitAsync racing shutdownNow, its stage left running.
 *
 * Order of cancelEverything: the running tasks first (with interrupt, also a task already
 * cancelled with cancel(false) whose body runs on, as the JDK's executor interrupts every thread
 * it started), then the busy children's, then the tasks not started. A running task that waits
 * for a queued sibling would otherwise wake on the sibling's CancellationException and end
 * FAILED before its own cancel came.
 *
 * The timeout's clock is a virtual thread that waits for termination or the deadline. The
 * deadline that deadline() reports is fixed at open: the earlier of this executor's own and its
 * parent's (itself fixed at the parent's open), so reading it walks no chain. A child needs no
 * clock for its parent's deadline: the parent's timeout cancels its busy children, and an idle
 * one follows when it becomes busy (followParent).
 */
final class Supervisor {

    static final int CANCEL_NONE = 0;
    static final int CANCEL_NOT_STARTED = 1;
    static final int CANCEL_ALL = 2;

    private static final VarHandle CANCEL_MODE;

    static {
        try {
            CANCEL_MODE =
                    MethodHandles.lookup().findVarHandle(Supervisor.class, "cancelMode", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final StructuredExecutor executor;
    private final boolean failFast;
    private final Failures failures = new Failures();
    private final @Nullable Instant deadline; // the effective deadline, fixed at open
    // Raised by any cancelling thread (CAS), read by every task before its body.
    private volatile int cancelMode = CANCEL_NONE;

    Supervisor(
            StructuredExecutor executor,
            boolean failFast,
            @Nullable Duration timeout,
            @Nullable StructuredExecutor parent) {
        this.executor = executor;
        this.failFast = failFast;
        Instant own = timeout == null ? null : plusSaturated(Instant.now(), timeout);
        Instant inherited = parent == null ? null : parent.supervisor.deadline;
        this.deadline =
                own == null || (inherited != null && inherited.isBefore(own)) ? inherited : own;
    }

    private static Instant plusSaturated(Instant now, Duration timeout) {
        try {
            return now.plus(timeout);
        } catch (DateTimeException | ArithmeticException tooFar) {
            return Instant.MAX;
        }
    }

    /** The earlier of this executor's timeout and its parent's deadline; null if neither. */
    @Nullable Instant deadline() {
        return deadline;
    }

    /** Starts the timeout's clock, counted from now. */
    void startClock(Duration timeout) {
        long nanos = StructuredTask.nonNegativeNanos(timeout); // saturated: centuries are for ever
        Thread.ofVirtual()
                .name("structex-timeout")
                .inheritInheritableThreadLocals(false)
                .start(() -> expireAfter(nanos));
    }

    private void expireAfter(long nanos) {
        try {
            if (executor.termination.terminated().await(nanos, TimeUnit.NANOSECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            return;
        }
        Termination termination = executor.termination;
        if (termination.state() != Termination.TERMINATED && termination.pending() > 0L) {
            failures.timedOut(
                    nanos,
                    executor.pendingCount(),
                    executor.diagnostics.taskThreadNames(Failures.NAMED_TASKS));
        }
        termination.shutDown();
        cancelEverything();
    }

    /** Before a task's body, in its thread, after it registered: applies a cancel mode set. */
    void beforeBody(StructuredTask<?> task) {
        int mode = cancelMode;
        if (mode == CANCEL_ALL) {
            task.cancel(true);
        } else if (mode == CANCEL_NOT_STARTED) {
            task.cancelIfNotStarted(); // a claimed task counts as started: a no-op for it
        }
    }

    /** After a task's body: with fail-fast, a failure (not a cancellation) cancels the rest. */
    void afterBody(StructuredTask<?> task) {
        if (failFast) {
            Throwable failure = task.failure();
            if (failure != null && failures.record(failure, Thread.currentThread())) {
                executor.termination.shutDown();
                cancelEverything();
            }
        }
    }

    /** A parent's cancellation reaches this busy child: it shuts down and cancels everything. */
    void cancelAsChild() {
        executor.termination.shutDown();
        cancelEverything();
    }

    /**
     * A child that became busy follows a cancellation its parent began while it was idle: of
     * everything, or of its background work if a background task opened the child.
     */
    void followParent(StructuredExecutor parent) {
        if (cancellingAll()) {
            return;
        }
        BackgroundTasks b = parent.termination.background();
        if (parent.supervisor.cancellingAll()
                || (b != null && executor.termination.ofBackgroundTask() && b.cancelled())) {
            cancelAsChild();
        }
    }

    /** Whether everything is being cancelled (and every task that starts is cancelled too). */
    boolean cancellingAll() {
        return cancelMode == CANCEL_ALL;
    }

    /**
     * Cancels every pending task, running ones with interrupt, and every busy child's; returns the
     * tasks that never started. See the notes for the order.
     */
    List<Runnable> cancelEverything() {
        raiseCancelMode(CANCEL_ALL);
        for (StructuredTask<?> task : executor.host.tasks().snapshot()) {
            task.cancelAndInterrupt();
        }
        for (StructuredExecutor child : executor.termination.children()) {
            child.supervisor.cancelAsChild();
        }
        return cancelNotStarted(true);
    }

    /** Cancels the waiting tasks and those whose body has not begun; returns them. */
    List<Runnable> cancelNotStarted() {
        return cancelNotStarted(false);
    }

    /**
     * cancelNotStarted; under cancelEverything ({@code all}), a task found claimed since the scan
     * of the running tasks passed it is cancelled with interrupt (see the notes).
     */
    private List<Runnable> cancelNotStarted(boolean all) {
        raiseCancelMode(CANCEL_NOT_STARTED);
        List<Runnable> neverStarted = new ArrayList<>();
        Workers workers = executor.host.workers();
        if (workers != null) {
            for (StructuredTask<?> task : workers.drainWaiting()) {
                if (task.cancelIfNotStarted()) {
                    neverStarted.add(task.originalTask());
                }
            }
        }
        for (StructuredTask<?> task : executor.host.tasks().snapshot()) {
            if (task.cancelIfNotStarted()) {
                neverStarted.add(task.originalTask());
            } else if (all) {
                task.cancelAndInterrupt(); // a no-op unless it claimed itself after the first scan
            }
        }
        return neverStarted;
    }

    /** The mode only moves forward: NONE -> NOT_STARTED -> ALL, never back. */
    private void raiseCancelMode(int mode) {
        for (int m = cancelMode; m < mode; m = cancelMode) {
            if (CANCEL_MODE.compareAndSet(this, m, mode)) {
                return;
            }
        }
    }

    /** The exception close() throws, or null if the scope ended well. */
    @Nullable ScopeFailedException failure(String scope) {
        return failures.toException(scope);
    }
}
