package io.structex;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * invokeAll and invokeAny, as ExecutorService specifies them, over submit: StructuredExecutor's
 * superclass, as AbstractExecutorService is the JDK executors'. Its public methods are documented
 * as StructuredExecutor's.
 */
abstract sealed class AbstractInvokingExecutor implements ExecutorService
        permits StructuredExecutor {

    /*
     * Implementation notes. Every task gets its own virtual thread at once (there is no pool to
     * protect), so invokeAny submits all tasks up front instead of AbstractExecutorService's
     * one-at-a-time ramp; the first success wins and the rest are cancelled with interrupt. A
     * timeout of -1 means none.
     */

    AbstractInvokingExecutor() {}

    @Override
    public abstract <T extends @Nullable Object> TaskFuture<T> submit(Callable<T> task);

    /**
     * Submits every task and waits until all are done; see {@link
     * ExecutorService#invokeAll(Collection)}. If the calling thread is interrupted while it waits,
     * or a task cannot be submitted, the tasks not yet done are cancelled with interrupt before the
     * exception is thrown.
     *
     * @throws InterruptedException if interrupted while waiting
     * @throws NullPointerException if {@code tasks} or any of its elements is null; nothing is
     *     submitted
     * @throws RejectedExecutionException if a task cannot be submitted
     */
    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks)
            throws InterruptedException {
        return invokeAllWithin(tasks, -1L);
    }

    /**
     * Submits every task and waits until all are done or the timeout elapses, then cancels (with
     * interrupt) the tasks not done; see {@link ExecutorService#invokeAll(Collection, long,
     * TimeUnit)}.
     *
     * @throws InterruptedException if interrupted while waiting; the tasks not done are cancelled
     * @throws NullPointerException if {@code tasks}, any of its elements or {@code unit} is null;
     *     nothing is submitted
     * @throws RejectedExecutionException if a task cannot be submitted
     */
    @Override
    public <T> List<Future<T>> invokeAll(
            Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        Objects.requireNonNull(unit, "unit");
        return invokeAllWithin(tasks, Math.max(0L, unit.toNanos(timeout)));
    }

    /**
     * Submits every task and returns the result of one that completed successfully, once one has;
     * the others are then cancelled with interrupt. See {@link
     * ExecutorService#invokeAny(Collection)}.
     *
     * @throws InterruptedException if interrupted while waiting; every task is cancelled
     * @throws ExecutionException if no task completed successfully; its cause is the last failure
     * @throws IllegalArgumentException if {@code tasks} is empty
     * @throws NullPointerException if {@code tasks} or any of its elements is null; nothing is
     *     submitted
     * @throws RejectedExecutionException if a task cannot be submitted
     */
    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks)
            throws InterruptedException, ExecutionException {
        try {
            return invokeAnyWithin(tasks, -1L);
        } catch (TimeoutException e) {
            throw new AssertionError("untimed invokeAny timed out", e);
        }
    }

    /**
     * As {@link #invokeAny(Collection)}, but gives up when the timeout elapses, cancelling every
     * task.
     *
     * @throws InterruptedException if interrupted while waiting; every task is cancelled
     * @throws ExecutionException if no task completed successfully; its cause is the last failure
     * @throws TimeoutException if the timeout elapsed before a task completed successfully
     * @throws IllegalArgumentException if {@code tasks} is empty
     * @throws NullPointerException if {@code tasks}, any of its elements or {@code unit} is null;
     *     nothing is submitted
     * @throws RejectedExecutionException if a task cannot be submitted
     */
    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        Objects.requireNonNull(unit, "unit");
        return invokeAnyWithin(tasks, Math.max(0L, unit.toNanos(timeout)));
    }

    private <T> List<Future<T>> invokeAllWithin(
            Collection<? extends Callable<T>> tasks, long timeoutNanos)
            throws InterruptedException {
        List<Callable<T>> calls = copyNonNull(tasks);
        long deadline = System.nanoTime() + timeoutNanos;
        List<Future<T>> futures = new ArrayList<>(calls.size());
        boolean done = false;
        try {
            for (Callable<T> call : calls) {
                futures.add(submit(call));
            }
            for (Future<T> f : futures) {
                if (f.isDone()) {
                    continue;
                }
                try {
                    if (timeoutNanos < 0L) {
                        f.get();
                    } else {
                        f.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                    }
                } catch (CancellationException | ExecutionException ignored) {
                    // Reported through the future, which the caller gets back.
                } catch (TimeoutException timedOut) {
                    break; // the finally block cancels the rest
                }
            }
            done = timeoutNanos < 0L || futures.stream().allMatch(Future::isDone);
            return futures;
        } finally {
            if (!done) {
                cancelAll(futures);
            }
        }
    }

    private <T> T invokeAnyWithin(Collection<? extends Callable<T>> tasks, long timeoutNanos)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<Callable<T>> calls = copyNonNull(tasks);
        if (calls.isEmpty()) {
            throw new IllegalArgumentException("no tasks");
        }
        long deadline = System.nanoTime() + timeoutNanos;
        LinkedBlockingQueue<TaskFuture<T>> finished = new LinkedBlockingQueue<>();
        List<Future<T>> futures = new ArrayList<>(calls.size());
        try {
            for (Callable<T> call : calls) {
                TaskFuture<T> f = submit(call);
                futures.add(f);
                f.addDoneCallback(finished::add);
            }
            @Nullable ExecutionException lastFailure = null;
            for (int left = futures.size(); left > 0; left--) {
                TaskFuture<T> f;
                if (timeoutNanos < 0L) {
                    f = finished.take();
                } else {
                    f = finished.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                    if (f == null) {
                        throw new TimeoutException("no task completed successfully in time");
                    }
                }
                try {
                    return f.get();
                } catch (ExecutionException e) {
                    lastFailure = e;
                } catch (CancellationException e) {
                    lastFailure = new ExecutionException(e);
                }
            }
            assert lastFailure != null;
            throw lastFailure;
        } finally {
            cancelAll(futures);
        }
    }

    private static <T> List<Callable<T>> copyNonNull(Collection<? extends Callable<T>> tasks) {
        Objects.requireNonNull(tasks, "tasks");
        List<Callable<T>> calls = new ArrayList<>(tasks.size());
        for (Callable<T> call : tasks) {
            calls.add(Objects.requireNonNull(call, "a task is null"));
        }
        return calls;
    }

    private static <T> void cancelAll(List<Future<T>> futures) {
        for (Future<T> f : futures) {
            f.cancel(true);
        }
    }
}
