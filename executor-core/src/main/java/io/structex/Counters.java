package io.structex;

import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters behind {@link StructuredExecutor#stats()}, kept cheap on the hot path: submissions
 * are not counted here at all but derived from the executor's `entered` count (minus the rejected
 * attempts and the child units, both rare); failures and cancellations are rare and counted as
 * they happen; completions, the common case, are derived too (submitted - failed - cancelled -
 * pending), exact once the executor is terminated. `running` must be exact for the
 * peak, so it is one AtomicInteger, and the peak is raised by CAS only when a new maximum is seen.
 */
final class Counters {

    private final LongAdder rejected = new LongAdder();
    private final LongAdder childUnits = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder cancelled = new LongAdder();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger peakRunning = new AtomicInteger();

    /** A task's thread is about to run its body. */
    void bodyStarts() {
        int now = running.incrementAndGet();
        for (int peak; now > (peak = peakRunning.get()); ) {
            if (peakRunning.compareAndSet(peak, now)) {
                break;
            }
        }
    }

    /** A task's thread finished (its body ran, or was skipped by a cancel). */
    void bodyEnds(StructuredTask<?> task) {
        running.decrementAndGet();
        if (!task.succeeded()) { // success, the common case, is derived: one volatile read
            ended(task.state());
        }
    }

    /** A task ended without a thread of its own (cancelled while waiting, or no thread for it). */
    void ended(Future.State state) {
        switch (state) {
            case SUCCESS -> { } // derived in snapshot()
            case FAILED -> failed.increment();
            case CANCELLED -> cancelled.increment();
            default -> throw new IllegalStateException("a task ended while " + state);
        }
    }

    /** A submit attempt counted in `entered` was rejected. */
    void rejected() {
        rejected.increment();
    }

    /** A child executor became busy: one unit counted in `entered` that is not a task. */
    void childUnit() {
        childUnits.increment();
    }

    /** Tasks accepted, given the executor's `entered` count. */
    long submitted(long entered) {
        return entered - rejected.sum() - childUnits.sum();
    }

    long failed() {
        return failed.sum();
    }

    long cancelled() {
        return cancelled.sum();
    }

    ExecutorStats snapshot(long entered, int pending) {
        long failures = failed.sum();
        long cancels = cancelled.sum();
        long all = submitted(entered);
        long completed = Math.max(0L, all - failures - cancels - pending);
        return new ExecutorStats(all, completed, failures, cancels, pending, running.get(),
                peakRunning.get());
    }
}
