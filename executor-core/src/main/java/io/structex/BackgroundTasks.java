package io.structex;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/*
 * Implementation notes: the background tasks of one executor (submitBackground), made at the
 * first one; an executor that has none pays nothing for them.
 *
 * A background task is pending, counted and reported as any task; what differs is the end of the
 * scope: once the executor is shut down and only background work is pending, the background work
 * is cancelled with interrupt, and the scope ends when it has ended. Background work: the
 * background tasks, and the busy children that they opened (a reporter that runs a scope of its
 * own is still a reporter).
 *
 * `count` is the number of background units in the executor's pending count. It goes up only
 * together with the pending count, under `lock` (counted, childBusy), and down before the pending
 * count does (ended, childIdle). pending() never under-counts, so under the lock pending() ==
 * count means that nothing else is pending: cancelIfAlone's check is exact. It runs at every
 * exit once the executor is shut down (Termination.releaseIfIdle), so the exit of the last
 * regular task, or the shutdown itself when none is left, finds it.
 *
 * `cancelled`, false -> true once, under the lock, by the check that succeeds; the work is then
 * cancelled with no lock held (cancelling a child takes the child's locks, and a child's exit
 * comes here: child before parent, as everywhere), on a virtual thread started for it: the exit
 * that finds it may be on a thread that is not ours (the end of a StageTask, on the thread that
 * completed its stage), where the cancelled tasks' done-callbacks must not run. A background task
 * is in `tasks` from before it is counted until its thread ends, so the cancelling scan finds
 * every accepted one (a task not yet started is cancelled and skips its body). A child opened by a
 * background task that becomes busy after the cancel joins `children` and then reads `cancelled`
 * (Supervisor.followParent); the cancel writes `cancelled` and then reads `children` (a Dekker
 * pair).
 *
 * Threads: a background task never waits for a maxConcurrency slot (a reporter that runs as long
 * as the scope would hold a slot for ever): it runs on a new virtual thread of its own, started by
 * a TaskHost of its own that shares the executor's TaskTable, from a factory that marks the thread
 * as a background task's (TaskThreadMark), so that a child scope opened there knows it.
 */
final class BackgroundTasks {

    private final Termination termination;
    private final Admission admission;
    private final TaskHost host;
    private final ReentrantLock lock = new ReentrantLock();
    private final Set<StructuredTask<?>> tasks = ConcurrentHashMap.newKeySet();
    private final Set<StructuredExecutor> children = ConcurrentHashMap.newKeySet();

    @GuardedBy("lock")
    private long count; // background units in the executor's pending count

    // false -> true once, under the lock, by cancelIfAlone; read by any thread.
    private volatile boolean cancelled;

    BackgroundTasks(StructuredExecutor executor, Settings settings) {
        this.termination = executor.termination;
        this.admission = executor.admission;
        this.host =
                new TaskHost(executor, TaskHost.threadFactory(executor, settings, true), 0, this);
    }

    /**
     * Submits a background task: counted, then started as any unbounded task.
     *
     * @throws java.util.concurrent.RejectedExecutionException as submit
     */
    <T extends @Nullable Object> TaskFuture<T> submit(Callable<T> body) {
        StructuredTask<T> task = admission.task(body, host);
        lock.lock();
        try {
            tasks.add(task);
            count++;
            termination.enter(1);
        } finally {
            lock.unlock();
        }
        return admission.startCounted(task, host);
    }

    /** A background task's thread ended, or its submit was rejected: before it exits the count. */
    void ended(StructuredTask<?> task) {
        lock.lock();
        try {
            tasks.remove(task);
            count--;
        } finally {
            lock.unlock();
        }
    }

    /** A child opened by a background task became busy: its unit counts here. */
    void childBusy(StructuredExecutor child) {
        lock.lock();
        try {
            children.add(child);
            count++;
            termination.childBusy(child);
        } finally {
            lock.unlock();
        }
    }

    /** Such a child became idle: before its unit exits the count. */
    void childIdle(StructuredExecutor child) {
        lock.lock();
        try {
            children.remove(child);
            count--;
        } finally {
            lock.unlock();
        }
        termination.childIdle(child);
    }

    /** Whether the background work was cancelled (everything else had ended). */
    boolean cancelled() {
        return cancelled;
    }

    /**
     * After a shutdown, at an exit: if only background work is pending, cancels it with interrupt,
     * once.
     */
    void cancelIfAlone() {
        if (cancelled) {
            return;
        }
        lock.lock();
        try {
            if (cancelled || count == 0L || termination.pending() != count) {
                return;
            }
            cancelled = true;
        } finally {
            lock.unlock();
        }
        Thread.ofVirtual().name("structex-background-cancel").start(this::cancelAll);
    }

    private void cancelAll() {
        for (StructuredTask<?> task : tasks) {
            if (!task.cancel(true)) {
                task.cancelAndInterrupt(); // a body that runs on after a cancel(false)
            }
        }
        for (StructuredExecutor child : children) {
            child.supervisor.cancelAsChild();
        }
    }
}
