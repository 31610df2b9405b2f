package io.structex;

import org.jspecify.annotations.Nullable;

/**
 * The uncaught exception handler of every thread that structex's own factory makes: it behaves
 * exactly like having none (the default handler, else the thread group prints the exception), and
 * it tells, in O(1), which executor a thread runs tasks for. That answers "is this one of my
 * threads" (close() from a task) and "whose task is opening this executor" (the parent of a child)
 * without a thread-local set on every task or a search through the executors.
 *
 * <p>A task that replaces its thread's handler loses the mark; its children are then top-level
 * scopes. Threads from a custom {@code Builder.threadFactory} carry no mark either; for them the
 * executor searches the active executors instead.
 */
final class TaskThreadMark implements Thread.UncaughtExceptionHandler {

    /** Whether any executor was built with a custom thread factory (its threads carry no mark). */
    // false -> true once, by StructuredExecutorBuilder.open; read by currentTaskExecutor and
    // callerIsTaskOf.
    private static volatile boolean customThreadFactories;

    final StructuredExecutor executor;
    final boolean background; // the thread runs a background task (submitBackground)

    TaskThreadMark(StructuredExecutor executor, boolean background) {
        this.executor = executor;
        this.background = background;
    }

    /** Whether the current thread carries a mark and runs a background task. */
    static boolean currentIsBackground() {
        return Thread.currentThread().getUncaughtExceptionHandler() instanceof TaskThreadMark mark
                && mark.background;
    }

    /** The executor whose factory made the current thread, if it carries our mark. */
    static @Nullable StructuredExecutor ofCurrentThread() {
        return Thread.currentThread().getUncaughtExceptionHandler() instanceof TaskThreadMark mark
                ? mark.executor
                : null;
    }

    /** An executor with a custom thread factory was opened: look for its threads by a search. */
    static void customThreadFactoryUsed() {
        customThreadFactories = true;
    }

    /**
     * The executor whose task the calling thread runs, if any: the parent of an executor opened
     * here. O(1) through the thread's mark; only threads of custom factories (which carry none) are
     * looked for among the executors with pending tasks (the current task's is one of them).
     */
    static @Nullable StructuredExecutor currentTaskExecutor() {
        StructuredExecutor marked = ofCurrentThread();
        if (marked != null || !customThreadFactories) {
            return marked;
        }
        Thread current = Thread.currentThread();
        for (StructuredExecutor e : KeepAlive.allActive()) {
            if (e.host.tasks().containsThread(current)) {
                return e;
            }
        }
        return null;
    }

    /** Whether the calling thread runs a task of this executor (not of a child's). */
    static boolean callerIsTaskOf(StructuredExecutor executor) {
        return ofCurrentThread() == executor
                || (customThreadFactories
                        && executor.host.tasks().containsThread(Thread.currentThread()));
    }

    /**
     * Refuses to wait for an executor from one of its own tasks or a task of any scope inside it
     * (child, grandchild, ...): the wait would include the caller's own task.
     *
     * @throws IllegalStateException if the caller is such a task; nothing is changed
     */
    static void rejectWaitFromInside(StructuredExecutor executor, String method) {
        if (executor.isTerminated()) {
            return;
        }
        StructuredExecutor caller = currentTaskExecutor();
        for (StructuredExecutor e = caller; e != null; e = e.parent) {
            if (e == executor) {
                throw new IllegalStateException(
                        method
                                + " called from a task of "
                                + caller
                                + (caller == executor ? "" : ", a scope inside " + executor)
                                + ": it would wait for itself (cannot join current thread)");
            }
        }
    }

    @Override
    public void uncaughtException(Thread thread, Throwable failure) {
        Thread.UncaughtExceptionHandler fallback = Thread.getDefaultUncaughtExceptionHandler();
        if (fallback != null) {
            fallback.uncaughtException(thread, failure);
        } else {
            thread.getThreadGroup().uncaughtException(thread, failure);
        }
    }
}
