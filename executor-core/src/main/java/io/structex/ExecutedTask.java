package io.structex;

import java.util.concurrent.Callable;

/**
 * A task given to {@code execute}: nobody holds its future, so a failure goes to the thread's
 * uncaught exception handler instead of being swallowed, as it would for a plain thread.
 */
final class ExecutedTask extends StructuredTask<Void> {

    ExecutedTask(Callable<Void> task) {
        super(task);
    }

    @Override
    void onFailure(Throwable failure) {
        Thread t = Thread.currentThread();
        t.getUncaughtExceptionHandler().uncaughtException(t, failure);
    }
}
