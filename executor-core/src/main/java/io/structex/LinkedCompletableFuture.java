package io.structex;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The {@link CompletableFuture} view of a task: completed by the task's done-callback, and
 * cancelling it cancels the task.
 */
final class LinkedCompletableFuture<T extends @Nullable Object> extends CompletableFuture<T> {

    private final TaskFuture<T> task;

    LinkedCompletableFuture(TaskFuture<T> task) {
        this.task = task;
    }

    /** Cancels the task (interrupting it if asked), then this future. */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        task.cancel(mayInterruptIfRunning);
        return super.cancel(mayInterruptIfRunning);
    }

    void completeFrom(TaskFuture<T> done) {
        switch (done.state()) {
            case SUCCESS -> complete(done.resultNow());
            case FAILED -> completeExceptionally(done.exceptionNow());
            case CANCELLED ->
                    completeExceptionally(new CancellationException("task was cancelled"));
            default -> throw new IllegalStateException("not done: " + done);
        }
    }
}
