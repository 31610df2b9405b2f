package io.structex;

/**
 * The uncaught exception handler of every thread that structex's own factory makes: it behaves
 * exactly like having none (the default handler, else the thread group prints the exception), and it
 * tells, in O(1), which executor a thread runs tasks for. That answers "is this one of my threads"
 * (close() from a task) and "whose task is opening this executor" (the parent of a child) without a
 * thread-local set on every task or a search through the executors.
 *
 * <p>A task that replaces its thread's handler loses the mark; its children are then top-level
 * scopes. Threads from a custom {@code Builder.threadFactory} carry no mark either; for them the
 * executor searches the active executors instead.
 */
final class TaskThreadMark implements Thread.UncaughtExceptionHandler {

    final StructuredExecutor executor;

    TaskThreadMark(StructuredExecutor executor) {
        this.executor = executor;
    }

    /** The executor whose factory made the current thread, if it carries our mark. */
    static @org.jspecify.annotations.Nullable StructuredExecutor ofCurrentThread() {
        return Thread.currentThread().getUncaughtExceptionHandler() instanceof TaskThreadMark mark
                ? mark.executor : null;
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
