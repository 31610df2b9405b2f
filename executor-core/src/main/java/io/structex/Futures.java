package io.structex;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * Python's module functions {@code concurrent.futures.wait} and {@code as_completed}, for any
 * futures.
 *
 * <p>They work for every {@link Future}. {@link TaskFuture}s and {@link
 * java.util.concurrent.CompletableFuture}s (which include the futures of the JDK's virtual-thread
 * executor) report their completion through a callback, at no cost while waiting. Any other {@code
 * Future} (a {@link java.util.concurrent.FutureTask}, say) has no completion hook, so the waiting
 * thread polls its {@code isDone()}, every 0.2 ms at first, backing off to every 10 ms while
 * nothing completes.
 *
 * <p>A cancelled future counts as done (CPython's {@code wait()} could hang on cancelled futures,
 * gh-92001: these do not). Duplicates in the input are treated, and returned or yielded, once.
 *
 * <p><b>Memory consistency effects:</b> the completion of a future <i>happens-before</i> {@code
 * wait} returns it in its done set, and before {@code asCompleted} yields it.
 */
public final class Futures {

    private Futures() {}

    /**
     * Waits until {@code returnWhen} is met and returns the futures split into done and not done.
     * Python's {@code wait(fs, return_when=...)}, without timeout. Blocks; does not cancel
     * anything.
     *
     * @param futures the futures, possibly with duplicates
     * @param returnWhen when to return
     * @param <F> the future type
     * @return the done and the not-done futures
     * @throws InterruptedException if interrupted while waiting (flag cleared)
     * @throws NullPointerException if an argument or a future is null
     */
    public static <F extends Future<?>> DoneAndNotDone<F> wait(
            Collection<F> futures, ReturnWhen returnWhen) throws InterruptedException {
        return await(futures, returnWhen, -1L);
    }

    /**
     * As {@link #wait(Collection, ReturnWhen)}, returning the split as it stands when the timeout
     * passes. Python's {@code wait(fs, timeout, return_when)}.
     *
     * @param futures the futures, possibly with duplicates
     * @param returnWhen when to return
     * @param timeout the most time to wait, zero or positive
     * @param <F> the future type
     * @return the done and the not-done futures
     * @throws InterruptedException if interrupted while waiting (flag cleared)
     * @throws NullPointerException if an argument or a future is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public static <F extends Future<?>> DoneAndNotDone<F> wait(
            Collection<F> futures, ReturnWhen returnWhen, Duration timeout)
            throws InterruptedException {
        return await(futures, returnWhen, StructuredTask.nonNegativeNanos(timeout));
    }

    private static <F extends Future<?>> DoneAndNotDone<F> await(
            Collection<F> futures, ReturnWhen returnWhen, long timeoutNanos)
            throws InterruptedException {
        Objects.requireNonNull(returnWhen, "returnWhen");
        List<F> unique = CompletionWatch.unique(futures);
        long deadline = System.nanoTime() + timeoutNanos;
        AtomicInteger notDone = new AtomicInteger(unique.size());
        CountDownLatch met = new CountDownLatch(unique.isEmpty() ? 0 : 1);
        CompletionWatch<F> watch =
                CompletionWatch.start(
                        unique,
                        f -> {
                            boolean allDone = notDone.decrementAndGet() == 0;
                            if (allDone
                                    || returnWhen == ReturnWhen.FIRST_COMPLETED
                                    || (returnWhen == ReturnWhen.FIRST_EXCEPTION
                                            && f.state() == Future.State.FAILED)) {
                                met.countDown();
                            }
                        });
        while (met.getCount() > 0) {
            long wait = timeoutNanos < 0L ? Long.MAX_VALUE : deadline - System.nanoTime();
            if (wait <= 0L) {
                break;
            }
            if (watch.needsPolling()) {
                met.await(Math.min(wait, watch.nextPollNanos()), TimeUnit.NANOSECONDS);
                watch.poll();
            } else if (timeoutNanos < 0L) {
                met.await();
            } else {
                met.await(wait, TimeUnit.NANOSECONDS);
            }
        }
        List<F> done = new ArrayList<>();
        List<F> pending = new ArrayList<>();
        for (F f : unique) {
            (f.isDone() ? done : pending).add(f);
        }
        return new DoneAndNotDone<>(new LinkedHashSet<>(done), new LinkedHashSet<>(pending));
    }

    /**
     * Returns a stream that yields each future once it is done: first those already done, in input
     * order, then the others as they complete. Python's {@code as_completed(fs)}. Pulling the next
     * element blocks until a future completes; an interrupt while waiting makes the stream throw
     * {@link CompletionException} with an {@link InterruptedException} cause, leaving the interrupt
     * flag set. Closing the stream cancels nothing.
     *
     * @param futures the futures, possibly with duplicates (yielded once)
     * @param <F> the future type
     * @return a sequential stream of the futures, in completion order
     * @throws NullPointerException if {@code futures} or a future is null
     */
    public static <F extends Future<?>> Stream<F> asCompleted(Collection<F> futures) {
        return completionStream(futures, -1L);
    }

    /**
     * As {@link #asCompleted(Collection)}, with a deadline counted from this call: Python's {@code
     * as_completed(fs, timeout)}. This call does not block; pulling from the stream blocks, at most
     * until the deadline. When the deadline passes before every future was yielded, the stream
     * throws {@link CompletionException} with a {@link TimeoutException} cause.
     *
     * @param futures the futures, possibly with duplicates (yielded once)
     * @param timeout the time allowed, zero or positive
     * @param <F> the future type
     * @return a sequential stream of the futures, in completion order
     * @throws NullPointerException if an argument or a future is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public static <F extends Future<?>> Stream<F> asCompleted(
            Collection<F> futures, Duration timeout) {
        return completionStream(futures, StructuredTask.nonNegativeNanos(timeout));
    }

    private static <F extends Future<?>> Stream<F> completionStream(
            Collection<F> futures, long timeoutNanos) {
        List<F> unique = CompletionWatch.unique(futures);
        int count = unique.size();
        long deadline = System.nanoTime() + timeoutNanos;
        LinkedBlockingQueue<F> completed = new LinkedBlockingQueue<>();
        // Neither the stream nor the watch keeps the list: a future is held only until it is
        // yielded (the queue's node), as CPython's as_completed (its issue 14406).
        CompletionWatch<F> watch = CompletionWatch.start(unique, completed::add);
        Spliterator<F> yieldInOrder =
                new Spliterators.AbstractSpliterator<F>(
                        count, Spliterator.SIZED | Spliterator.NONNULL) {
                    private int left = count;

                    @Override
                    public boolean tryAdvance(Consumer<? super F> action) {
                        if (left == 0) {
                            return false;
                        }
                        F next = nextCompleted(completed, watch, timeoutNanos >= 0L, deadline);
                        left--;
                        action.accept(next);
                        return true;
                    }
                };
        return StreamSupport.stream(yieldInOrder, false);
    }

    private static <F extends Future<?>> F nextCompleted(
            LinkedBlockingQueue<F> completed,
            CompletionWatch<F> watch,
            boolean timed,
            long deadline) {
        try {
            for (; ; ) {
                @Nullable F next = completed.poll();
                if (next != null) {
                    return next;
                }
                long wait = timed ? deadline - System.nanoTime() : Long.MAX_VALUE;
                if (wait <= 0L) {
                    throw new CompletionException(
                            new TimeoutException("futures still not done at the deadline"));
                }
                if (watch.needsPolling()) {
                    next =
                            completed.poll(
                                    Math.min(wait, watch.nextPollNanos()), TimeUnit.NANOSECONDS);
                    watch.poll();
                } else if (!timed) {
                    next = completed.take();
                } else {
                    next = completed.poll(wait, TimeUnit.NANOSECONDS);
                }
                if (next != null) {
                    return next;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }
}
