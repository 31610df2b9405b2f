package io.structex;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import org.jspecify.annotations.Nullable;

/*
 * Implementation notes: the executor as its tasks see it. A task (StructuredTask) calls back
 * here, and only here: before and after its body, on its own thread, and when it is cancelled
 * while it waits for a slot.
 *
 * Threads: each task's thread is started by `threads`, a JDK ThreadPerTaskExecutor of our own,
 * so that thread dumps group an executor's threads in one container (a child of the root
 * container: the JDK nests only containers that have an owner thread, and a thread-per-task
 * executor's has none); the task itself is the thread's Runnable. With maxConcurrency the thread
 * is a worker (see Workers).
 *
 * The body of a thread the executor started is StructuredTask.run: beforeBody, the task's body,
 * afterBody. The work around the body sits in methods too large for C1 to inline (beforeBody,
 * endBody, Workers.nextWaiting, the task's takeRunner, takeBody and complete), because a parked
 * virtual thread keeps every frame below its body in its stack chunk, and C1 sizes a frame for
 * all that it inlined (M1, MemoryHarness; see docs/benchmarks.md). C2 inlines by frequency, not
 * size: there the bookkeeping ends up inlined into the JDK's TaskRunner.run.
 */
final class TaskHost {

    private final StructuredExecutor executor;
    // The parts each task's end reaches, held here: no hop through the executor per task.
    private final Termination termination;
    private final Supervisor supervisor;
    private final Counters counters;
    private final ExecutorService threads;
    private final TaskTable tasks; // the executor's, shared by its background tasks' host
    private final @Nullable Workers workers; // null: unbounded
    private final @Nullable BackgroundTasks background; // non-null: the host of background tasks

    TaskHost(
            StructuredExecutor executor,
            ThreadFactory factory,
            int maxConcurrency,
            @Nullable BackgroundTasks background) {
        this.executor = executor;
        this.termination = executor.termination;
        this.supervisor = executor.supervisor;
        this.counters = executor.counters;
        this.threads = Executors.newThreadPerTaskExecutor(factory);
        this.tasks = background == null ? new TaskTable() : executor.host.tasks();
        this.workers = maxConcurrency == 0 ? null : new Workers(this, maxConcurrency, counters);
        this.background = background;
    }

    /** The host of an executor's own tasks (not its background tasks'). */
    static TaskHost ofTasks(StructuredExecutor executor, Settings settings) {
        return new TaskHost(
                executor,
                threadFactory(executor, settings, false),
                settings.maxConcurrency(),
                null);
    }

    /**
     * The factory of an executor's task threads (or of its background tasks'): the custom one, or
     * virtual threads marked as the executor's (TaskThreadMark), named after it if it has a name.
     */
    static ThreadFactory threadFactory(
            StructuredExecutor executor, Settings settings, boolean background) {
        ThreadFactory custom = settings.threadFactory();
        if (custom != null) {
            return custom;
        }
        Thread.Builder.OfVirtual virtual =
                Thread.ofVirtual()
                        .inheritInheritableThreadLocals(settings.inheritInheritableThreadLocals())
                        .uncaughtExceptionHandler(new TaskThreadMark(executor, background));
        String name = settings.name();
        return name == null
                ? virtual.factory()
                : virtual.name(name + (background ? "-background-" : "-"), 1).factory();
    }

    /** Whether this host runs background tasks (submitBackground). */
    boolean runsBackground() {
        return background != null;
    }

    TaskTable tasks() {
        return tasks;
    }

    @Nullable Workers workers() {
        return workers;
    }

    /**
     * Whether tasks wait for a maxConcurrency slot (and are claimed before their thread starts).
     */
    boolean bounded() {
        return workers != null;
    }

    /**
     * Starts the thread of a task (unbounded) or of a worker for a claimed task; a StageTask, which
     * has no thread, starts here, in the submitter's thread.
     */
    void launch(StructuredTask<?> task) {
        if (task instanceof StageTask<?> stage) {
            stage.start(this);
            return;
        }
        task.launched();
        threads.execute(task);
    }

    /** A claimed task got no thread: its future fails, and it is pending no more. */
    void failedToLaunch(StructuredTask<?> task, Throwable cause) {
        task.failClaimed(
                cause instanceof RejectedExecutionException
                        ? cause
                        : new RejectedExecutionException(
                                "cannot start a thread for the task", cause));
        counters.ended(task.state());
        termination.exit(1L);
    }

    /** A submit counted this task and then rejected it: it is pending no more. */
    void rejected(StructuredTask<?> task) {
        counters.rejected();
        BackgroundTasks b = background;
        if (b != null) {
            b.ended(task);
        }
        termination.exit(1L);
    }

    /** A queued task was cancelled before anyone claimed it: it is pending no more. */
    void queuedTaskCancelled() {
        counters.ended(Future.State.CANCELLED);
        termination.exit(1L);
    }

    /** The executor has terminated: its thread container closes. */
    void close() {
        threads.shutdown();
    }

    /**
     * Before a task's body, in its thread: registers it and applies a cancel mode already set.
     *
     * @return the task's JFR event, begun; null while no recording enables it (no object per task)
     */
    @Nullable TaskEndEvent beforeBody(StructuredTask<?> task) {
        return beforeBody(task, Thread.currentThread().threadId());
    }

    /**
     * beforeBody, with the seed of the task's place in the TaskTable: its thread's id, or for a
     * StageTask (whose submitter may register thousands) a random number.
     */
    @Nullable TaskEndEvent beforeBody(StructuredTask<?> task, long seed) {
        TaskEndEvent event = null;
        if (Diagnostics.recorderUp() && TaskEndEvent.enabledNow()) {
            event = new TaskEndEvent();
            event.begin();
        }
        tasks.add(task, seed);
        supervisor.beforeBody(task);
        return event;
    }

    /**
     * After a task's body (or its skipping), in its thread: the bookkeeping of its end; then, for a
     * maxConcurrency worker, the next waiting task to run.
     *
     * @return the next task for this thread, or null when the thread is done
     */
    @Nullable StructuredTask<?> afterBody(StructuredTask<?> task, @Nullable TaskEndEvent event) {
        endBody(task, event);
        Workers w = workers;
        return w == null ? null : w.nextWaiting();
    }

    /**
     * After a task whose completion threw (an Error, or an uncaught-exception handler that threw
     * for an execute()d task): the same bookkeeping, and a worker's slot goes to a new worker,
     * since this thread ends with the throwable.
     */
    void afterBodyAbruptly(StructuredTask<?> task, @Nullable TaskEndEvent event) {
        try {
            endBody(task, event);
        } finally {
            Workers w = workers;
            if (w != null) {
                w.workerDied();
            }
        }
    }

    /**
     * The end of a task without a thread (StageTask), on the thread that completed its stage, its
     * submitter, or a virtual thread (see StageTask's notes): the bookkeeping after a body. An
     * error out of it goes to that thread's uncaught-exception handler, as it would out of a task's
     * own thread, not into the stage.
     */
    void endWithoutThread(StructuredTask<?> task, @Nullable TaskEndEvent event) {
        try {
            endBody(task, event);
        } catch (Throwable failure) {
            Thread t = Thread.currentThread();
            t.getUncaughtExceptionHandler().uncaughtException(t, failure);
        }
    }

    private void endBody(StructuredTask<?> task, @Nullable TaskEndEvent event) {
        tasks.remove(task);
        counters.bodyEnds(task);
        if (event != null) {
            executor.diagnostics.commitTaskEnd(task, event);
        }
        supervisor.afterBody(task);
        BackgroundTasks b = background;
        if (b != null) {
            b.ended(task); // before the exit: see BackgroundTasks' notes
        }
        termination.exit(1L);
    }

    /**
     * A task of this executor waits, untimed, for a sibling still queued for a slot: runs the
     * sibling here, on the waiting task's thread and slot (see Workers). Does nothing if the caller
     * is not a task of this executor, or the sibling is no longer queued.
     */
    void runQueuedHere(StructuredTask<?> sibling) {
        Workers w = workers;
        if (w == null || !TaskThreadMark.callerIsTaskOf(executor) || !w.claimForHelper(sibling)) {
            return;
        }
        TaskEndEvent event = beforeBody(sibling);
        try {
            sibling.runClaimedBody();
        } finally {
            endBody(sibling, event);
        }
        if (sibling.isCancelled() && !supervisor.cancellingAll()) {
            // An interrupt meant for the sibling (its own cancel(true)) is not the waiting task's.
            // While everything is being cancelled, the waiting task is too: it keeps the flag.
            Thread.interrupted();
        }
    }
}
