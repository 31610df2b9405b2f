package io.structex;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/*
 * Implementation notes.
 *
 * The stream behind StructuredExecutor.map. `inFlight` holds the futures not yet yielded, in input
 * order; yielding removes the head, so the stream keeps no reference to a result it has yielded.
 * Unbuffered, every item was submitted by map() itself. Buffered (Python 3.14's buffersize), each
 * step waits for the head's result, then submits one more item, then yields: at most bufferSize
 * bodies run at once, and bufferSize run ahead of a slow consumer. (Submitting before waiting let
 * bufferSize + 1 run: the off-by-one that CPython fixed in gh-131466.)
 * The items submitted in map() itself are counted in the executor RESERVATION at a time (see
 * Admission's notes; P4, MapBenchmark); every count reserved is used by a submit or given
 * back in the finally block, even if the input's iterator throws.
 *
 * Any way out other than the last result (a task failed, the deadline passed, the input threw, a
 * submit was rejected, the consumer was interrupted, the stream was closed) cancels, with
 * interrupt, every future not yet yielded. Used by one consumer thread at a time, as a sequential
 * stream is; not thread-safe.
 */
final class MapSpliterator<T extends @Nullable Object, R extends @Nullable Object>
        implements Spliterator<R> {

    private final StructuredExecutor executor;
    private final TaskFunction<? super T, ? extends R> fn;
    private final @Nullable Iterator<? extends T> refill; // null: unbuffered
    private final long deadline; // System.nanoTime() based; meaningful only if timed
    private final boolean timed;
    private final ArrayDeque<TaskFuture<? extends R>> inFlight;
    private boolean finished;

    private MapSpliterator(
            StructuredExecutor executor,
            TaskFunction<? super T, ? extends R> fn,
            @Nullable Iterator<? extends T> refill,
            int capacity,
            @Nullable Duration timeout,
            long start) {
        this.executor = executor;
        this.fn = fn;
        this.refill = refill;
        this.inFlight = new ArrayDeque<>(capacity);
        this.timed = timeout != null;
        this.deadline = timeout != null ? start + StructuredTask.nonNegativeNanos(timeout) : 0L;
    }

    /** map(fn, items, options): the stream of the results; closing it cancels the rest. */
    static <T extends @Nullable Object, R extends @Nullable Object> Stream<R> stream(
            StructuredExecutor executor,
            TaskFunction<? super T, ? extends R> fn,
            Iterable<? extends T> items,
            MapOptions options) {
        MapSpliterator<T, R> results = start(executor, fn, items, options);
        return StreamSupport.stream(results, false).onClose(results::cancelRemaining);
    }

    /**
     * map(fn, stream, options): as over an Iterable that yields the stream's elements, read as
     * lazily; closing the results closes the source stream too, also when map() itself throws.
     */
    static <T extends @Nullable Object, R extends @Nullable Object> Stream<R> stream(
            StructuredExecutor executor,
            TaskFunction<? super T, ? extends R> fn,
            Stream<? extends T> items,
            MapOptions options) {
        @SuppressWarnings("unchecked") // only read: an Iterator<? extends T> is an Iterator<T>
        Iterator<T> source = (Iterator<T>) items.iterator();
        Iterable<T> once = () -> source;
        try {
            return MapSpliterator.<T, R>stream(executor, fn, once, options).onClose(items::close);
        } catch (RuntimeException | Error e) {
            items.close();
            throw e;
        }
    }

    /**
     * Submits the first items (all of them, or bufferSize) and returns the spliterator; on any
     * failure, cancels what it submitted and rethrows.
     */
    static <T extends @Nullable Object, R extends @Nullable Object> MapSpliterator<T, R> start(
            StructuredExecutor executor,
            TaskFunction<? super T, ? extends R> fn,
            Iterable<? extends T> items,
            MapOptions options) {
        long start = System.nanoTime();
        Iterator<? extends T> it = items.iterator();
        int bufferSize = options.bufferSize();
        int capacity =
                bufferSize > 0
                        ? bufferSize
                        : items instanceof Collection<?> c ? Math.max(c.size(), 1) : 16;
        MapSpliterator<T, R> map =
                new MapSpliterator<>(
                        executor,
                        fn,
                        bufferSize == 0 ? null : it,
                        capacity,
                        options.timeout(),
                        start);
        boolean ok = false;
        Admission admission = executor.admission;
        int reserved = 0; // counts reserved in the executor and not yet used by a submit
        try {
            for (int n = 0; (bufferSize == 0 || n < bufferSize) && it.hasNext(); n++) {
                Callable<R> task = map.taskFor(it.next());
                if (reserved == 0) {
                    reserved = Admission.RESERVATION;
                    admission.reserve(reserved);
                }
                reserved--; // nothing between this and the submit, which uses the count
                map.inFlight.addLast(admission.submitReserved(task));
            }
            ok = true;
        } finally {
            admission.releaseReserved(reserved);
            if (!ok) {
                map.cancelRemaining();
            }
        }
        return map;
    }

    private Callable<R> taskFor(T item) {
        TaskFunction<? super T, ? extends R> f = fn;
        return () -> f.apply(item);
    }

    private void submitNext(Iterator<? extends T> it) {
        inFlight.addLast(executor.submit(taskFor(it.next())));
    }

    @Override
    public boolean tryAdvance(Consumer<? super R> action) {
        if (finished) {
            return false;
        }
        R result;
        boolean ok = false;
        try {
            TaskFuture<? extends R> head = inFlight.pollFirst();
            if (head == null) {
                finished = true;
                ok = true;
                return false;
            }
            result = await(head);
            Iterator<? extends T> it = refill;
            if (it != null && it.hasNext()) {
                submitNext(it); // after the head's result: never more than bufferSize bodies run
            }
            ok = true;
        } finally {
            if (!ok) {
                cancelRemaining();
            }
        }
        action.accept(result);
        return true;
    }

    private R await(TaskFuture<? extends R> head) {
        try {
            if (!timed) {
                return head.get();
            }
            return head.get(Math.max(0L, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new CompletionException(cause != null ? cause : e);
        } catch (TimeoutException e) {
            head.cancel(true);
            throw new CompletionException(e);
        } catch (CancellationException e) {
            throw new CompletionException(e);
        } catch (InterruptedException e) {
            head.cancel(true);
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }

    /** Cancels, with interrupt, every task not yet yielded. Idempotent. */
    void cancelRemaining() {
        finished = true;
        for (TaskFuture<? extends R> f; (f = inFlight.pollFirst()) != null; ) {
            f.cancel(true);
        }
    }

    @Override
    public @Nullable Spliterator<R> trySplit() {
        return null;
    }

    @Override
    public long estimateSize() {
        return refill == null ? inFlight.size() : Long.MAX_VALUE;
    }

    @Override
    public int characteristics() {
        return ORDERED | (refill == null ? SIZED : 0);
    }
}
