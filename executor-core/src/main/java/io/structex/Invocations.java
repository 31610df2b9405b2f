package io.structex;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/*
 * invokeAll and invokeAny, as ExecutorService specifies them. Every task gets its own virtual
 * thread at once (there is no pool to protect), so invokeAny submits all tasks up front instead of
 * AbstractExecutorService's one-at-a-time ramp; the first success wins and the rest are cancelled
 * with interrupt. A timeout of -1 means none.
 */
final class Invocations {

    private Invocations() {}

    static <T> List<Future<T>> invokeAll(
            StructuredExecutor executor, Collection<? extends Callable<T>> tasks, long timeoutNanos)
            throws InterruptedException {
        List<Callable<T>> calls = copyNonNull(tasks);
        long deadline = System.nanoTime() + timeoutNanos;
        List<Future<T>> futures = new ArrayList<>(calls.size());
        boolean done = false;
        try {
            for (Callable<T> call : calls) {
                futures.add(executor.submit(call));
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

    static <T> T invokeAny(
            StructuredExecutor executor, Collection<? extends Callable<T>> tasks, long timeoutNanos)
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
                TaskFuture<T> f = executor.submit(call);
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
