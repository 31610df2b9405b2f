package io.structex.spring;

import io.structex.StructuredExecutor;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.TaskRejectedException;

/**
 * A {@link StructuredExecutor} as Spring's {@link AsyncTaskExecutor}: what {@code @Async} methods,
 * Spring MVC's asynchronous requests and {@code TaskExecutor} injection use when the starter is
 * present. Every task runs on a virtual thread of the executor (or, with {@code max-concurrency},
 * on one of its workers), is pending until it ends, and holds the JVM's exit until then; {@link
 * #close()}, which the context calls when it closes, waits for the pending tasks (up to {@code
 * await-termination}, then cancels them).
 *
 * <p><b>Memory consistency effects:</b> as {@link StructuredExecutor}: actions before a submit
 * happen-before the task; the task's actions happen-before its future's {@code get} returns, and
 * before {@link #close()} returns.
 */
public final class StructuredTaskExecutor implements AsyncTaskExecutor, AutoCloseable {

    private final StructuredExecutor executor;
    private final @Nullable Duration awaitTermination;

    /**
     * Adapts {@code executor}.
     *
     * @param executor the executor, owned by this adapter from now on (closed by {@link #close()})
     * @param awaitTermination how long {@link #close()} lets pending tasks end before it cancels
     *     them; null: it waits for them all
     * @throws NullPointerException if {@code executor} is null
     */
    public StructuredTaskExecutor(
            StructuredExecutor executor, @Nullable Duration awaitTermination) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.awaitTermination = awaitTermination;
    }

    /**
     * Returns the structex executor behind this adapter: its {@code stats()}, {@code describe()},
     * {@code map}, child scopes. Does not block.
     *
     * @return the executor
     */
    public StructuredExecutor executor() {
        return executor;
    }

    /**
     * Runs {@code task} on its own thread; a failure goes to that thread's uncaught-exception
     * handler. Does not block.
     *
     * @param task the task
     * @throws NullPointerException if {@code task} is null
     * @throws TaskRejectedException if the executor is shut down (the context is closing) or the
     *     JVM exits; nothing is submitted
     */
    @Override
    public void execute(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            throw rejected(e);
        }
    }

    /**
     * Submits {@code task}. Does not block.
     *
     * @param task the task
     * @return its future, a structex {@code TaskFuture}; {@code get} returns null
     * @throws NullPointerException if {@code task} is null
     * @throws TaskRejectedException if the executor is shut down or the JVM exits
     */
    @Override
    public Future<?> submit(Runnable task) {
        try {
            return executor.submit(task);
        } catch (RejectedExecutionException e) {
            throw rejected(e);
        }
    }

    /**
     * Submits {@code task}. Does not block.
     *
     * @param task the task
     * @param <T> the result type
     * @return its future, a structex {@code TaskFuture}
     * @throws NullPointerException if {@code task} is null
     * @throws TaskRejectedException if the executor is shut down or the JVM exits
     */
    @Override
    public <T> Future<T> submit(Callable<T> task) {
        try {
            return executor.submit(task);
        } catch (RejectedExecutionException e) {
            throw rejected(e);
        }
    }

    /**
     * Submits {@code task} for a {@link CompletableFuture} (what {@code @Async} methods that return
     * one use): the task's {@code toCompletableFuture()}, so cancelling it cancels the task (with
     * interrupt if {@code cancel(true)}). Does not block.
     *
     * @param task the task
     * @param <T> the result type
     * @return a future completed with the task's outcome
     * @throws NullPointerException if {@code task} is null
     * @throws TaskRejectedException if the executor is shut down or the JVM exits
     */
    @Override
    public <T> CompletableFuture<T> submitCompletable(Callable<T> task) {
        try {
            return executor.submit(task).toCompletableFuture();
        } catch (RejectedExecutionException e) {
            throw rejected(e);
        }
    }

    /**
     * Shuts the executor down and waits for its pending tasks: {@code close()}, or, with {@code
     * await-termination}, {@code close(Duration)}, which cancels with interrupt the tasks still
     * pending when it ends. Blocks; an interrupt cancels the pending tasks at once and the wait
     * goes on until they end, with the flag restored. Called by the context when it closes.
     *
     * @throws IllegalStateException if called from one of the executor's own tasks
     * @throws io.structex.ScopeFailedException if {@code fail-fast} is on and a task failed
     */
    @Override
    public void close() {
        Duration grace = awaitTermination;
        if (grace == null) {
            executor.close();
        } else {
            executor.close(grace);
        }
    }

    /**
     * Describes the executor: {@code StructuredTaskExecutor[StructuredExecutor[name, state,
     * pending=n]]}. Does not block.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "StructuredTaskExecutor[" + executor + "]";
    }

    private static TaskRejectedException rejected(RejectedExecutionException e) {
        return new TaskRejectedException(String.valueOf(e.getMessage()), e);
    }
}
