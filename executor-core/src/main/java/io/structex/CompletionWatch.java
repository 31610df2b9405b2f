package io.structex;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/*
 * Implementation notes.
 *
 * Tells Futures.wait and Futures.asCompleted when each of a set of futures is done. A TaskFuture or
 * CompletableFuture reports itself through its done-callback (run at once if already done), so
 * `onDone` is called exactly once per future, in whichever thread completes it. Any other Future
 * has no such hook: the waiting thread polls its isDone(), every POLL_MIN growing to POLL_MAX, and
 * calls onDone for it. Duplicates in the input are watched (and reported) once.
 *
 * The watch keeps only the futures it must poll, until each is seen done: never the whole list,
 * so that a stream of them (asCompleted) lets go of each future once it is yielded.
 *
 * A watched future keeps its callback until it completes (neither future type lets one be removed);
 * the callback only notes the completion, so a future that never completes, waited on again and
 * again with timeouts, holds one small callback per wait.
 */
final class CompletionWatch<F extends Future<?>> {

    static final long POLL_MIN_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    static final long POLL_MAX_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final List<F> polled = new ArrayList<>(); // other Future types, not yet seen done
    private final Consumer<F> onDone;
    private long pollInterval = POLL_MIN_NANOS;

    private CompletionWatch(Consumer<F> onDone) {
        this.onDone = onDone;
    }

    /** Checks the input (nothing is watched if it holds a null) and removes duplicates. */
    static <F extends Future<?>> List<F> unique(Collection<F> futures) {
        Objects.requireNonNull(futures, "futures");
        LinkedHashSet<F> unique = new LinkedHashSet<>();
        for (F f : futures) {
            unique.add(Objects.requireNonNull(f, "a future is null"));
        }
        return new ArrayList<>(unique);
    }

    /** Watches every future; futures already done are reported before this returns, in order. */
    static <F extends Future<?>> CompletionWatch<F> start(List<F> futures, Consumer<F> onDone) {
        CompletionWatch<F> watch = new CompletionWatch<>(onDone);
        for (F f : futures) {
            if (f instanceof TaskFuture<?> task) {
                task.addDoneCallback(done -> onDone.accept(f));
            } else if (f instanceof CompletableFuture<?> cf) {
                // The dependent stage is dropped on purpose: onDone only counts down or enqueues,
                // it cannot fail, so there is no exception for it to carry.
                var unused = cf.whenComplete((result, failure) -> onDone.accept(f));
            } else if (f.isDone()) {
                onDone.accept(f);
            } else {
                watch.polled.add(f);
            }
        }
        return watch;
    }

    /** Whether some futures can only be polled; the waiter must then call poll() between waits. */
    boolean needsPolling() {
        return !polled.isEmpty();
    }

    /** How long to wait before the next poll(), growing while nothing changes. */
    long nextPollNanos() {
        long interval = pollInterval;
        pollInterval = Math.min(POLL_MAX_NANOS, interval * 2);
        return interval;
    }

    /** Reports the polled futures that are now done. Called by the waiting thread only. */
    void poll() {
        for (var it = polled.iterator(); it.hasNext(); ) {
            F f = it.next();
            if (f.isDone()) {
                it.remove();
                pollInterval = POLL_MIN_NANOS;
                onDone.accept(f);
            }
        }
    }
}
