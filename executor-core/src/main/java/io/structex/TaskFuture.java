package io.structex;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The future of a task submitted to a {@link StructuredExecutor}: a {@link Future} with the methods
 * of Python's {@code concurrent.futures.Future}.
 *
 * <p>A task is <em>pending</em> in its executor from {@code submit} until its thread has finished,
 * which can be later than the moment this future becomes done: a task cancelled while it runs is
 * done at once (its {@code get} throws {@link java.util.concurrent.CancellationException}) but
 * stays pending, and keeps {@link StructuredExecutor#close()} and JVM exit waiting, until its body
 * returns.
 *
 * <p><b>Cancellation.</b> {@link #cancel(boolean) cancel} of a task whose body has not started
 * always succeeds and the body never runs. {@code cancel(true)} of a running task marks it
 * cancelled and interrupts its thread; {@code cancel(false)} only marks it (its body runs on,
 * pending, until the executor cancels everything: {@code shutdownNow()} and its kin interrupt it).
 * Either returns {@code false} once the future is done; once {@code cancel} has returned, {@link
 * #isDone()} is {@code true}, whatever it returned.
 *
 * <p><b>Waiting for a queued sibling.</b> In a {@link StructuredExecutorBuilder#maxConcurrency
 * maxConcurrency} executor, when one of its own tasks calls {@code get()} or {@link #exception()}
 * without a timeout on a future whose task still waits for a slot, the calling thread runs that
 * task itself, on its own slot, and then returns its outcome: tasks that wait for siblings queued
 * behind them do not deadlock. An interrupt of the calling thread while it runs the sibling reaches
 * the sibling's body. Timed waits, and threads that are not tasks of the executor, only wait.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread before it submits a task
 * <i>happen-before</i> the task's body starts; actions of the body <i>happen-before</i> another
 * thread's successful return from {@code get}, and before each done-callback runs.
 *
 * @param <T> the result type of the task
 */
public interface TaskFuture<T extends @Nullable Object> extends Future<T> {

    /**
     * Returns whether the task's body has started and the future is not yet done. Python's {@code
     * Future.running()}. Does not block.
     *
     * @return {@code true} if the task is running
     */
    boolean running();

    /**
     * Waits at most {@code timeout} for the task and returns its result: Python's {@code
     * result(timeout)}. Blocks; an interrupt while waiting throws {@link InterruptedException}
     * (flag cleared) and does not affect the task.
     *
     * @param timeout how long to wait, zero or positive; zero does not wait
     * @return the task's result
     * @throws InterruptedException if interrupted while waiting
     * @throws ExecutionException if the task threw; the cause is what it threw
     * @throws CancellationException if the task was cancelled
     * @throws TimeoutException if the task is not done in time
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    T get(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException;

    /**
     * Waits for the task and returns what it threw, or {@code null} if it returned normally:
     * Python's {@code exception()}. Blocks; an interrupt while waiting throws {@link
     * InterruptedException} (flag cleared).
     *
     * @return the task's exception, or {@code null} on success
     * @throws InterruptedException if interrupted while waiting
     * @throws CancellationException if the task was cancelled (Python raises {@code
     *     CancelledError})
     */
    @Nullable Throwable exception() throws InterruptedException;

    /**
     * As {@link #exception()}, waiting at most {@code timeout}.
     *
     * @param timeout how long to wait, zero or positive
     * @return the task's exception, or {@code null} on success
     * @throws InterruptedException if interrupted while waiting
     * @throws CancellationException if the task was cancelled
     * @throws TimeoutException if the task is not done in time
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    @Nullable Throwable exception(Duration timeout) throws InterruptedException, TimeoutException;

    /**
     * Returns a {@link CompletableFuture} that completes with this task's outcome: its result, its
     * exception (as is, not wrapped), or cancellation. Cancelling the returned future cancels the
     * task, interrupting it if {@code cancel(true)}. Completing it by other means ({@code
     * complete}, {@code obtrudeValue}) does not affect the task. Each call returns a new future.
     * Does not block.
     *
     * @return a completable future linked to this task
     */
    CompletableFuture<T> toCompletableFuture();

    /**
     * Adds a callback that receives this future once it is done (completed, failed or cancelled).
     * Python's {@code add_done_callback}. If the future is already done, the callback runs at once
     * in the calling thread; otherwise it runs in the thread that completes or cancels the future
     * (for a task of {@link StructuredExecutor#submitAsync submitAsync} completed by its stage, on
     * a virtual thread started for the callbacks). Callbacks run in the order they were added, each
     * exactly once. A callback that throws is logged through {@link System.Logger} (logger {@code
     * io.structex}, level WARNING) and the others still run. Does not block, except by running the
     * callback itself.
     *
     * @param callback the callback
     * @throws NullPointerException if {@code callback} is null
     */
    void addDoneCallback(Consumer<? super TaskFuture<T>> callback);
}
