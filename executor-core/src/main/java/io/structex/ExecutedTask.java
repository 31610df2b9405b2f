package io.structex;

import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * A task given to {@code execute}: nobody holds its future, so a failure goes to the thread's
 * uncaught exception handler instead of being swallowed, as it would for a plain thread.
 */
final class ExecutedTask extends StructuredTask<@Nullable Void> {

    ExecutedTask(Callable<@Nullable Void> task, TaskHost owner) {
        super(task, owner);
    }

    @Override
    void onFailure(Throwable failure) {
        Thread t = Thread.currentThread();
        t.getUncaughtExceptionHandler().uncaughtException(t, failure);
    }
}
