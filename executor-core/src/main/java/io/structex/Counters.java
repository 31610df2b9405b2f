package io.structex;

import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters behind {@link StructuredExecutor#stats()}, kept cheap on the hot path: submissions
 * are not counted here at all but derived from the executor's `entered` count (minus the rejected
 * attempts, the counts map() reserved and did not use, and the child units, all rare); failures,
 * cancellations and rejections are rare and counted as they happen; completions, the common case,
 * are derived too (submitted - failed - cancelled - pending), exact once the executor is
 * terminated. Running tasks are not counted either: stats() counts them in the executor's
 * TaskTable. The peak is raised by CAS only when a new maximum is seen: exactly, by every new
 * maxConcurrency worker (the slots taken then); by samples, in an unbounded executor (each stats()
 * and describe(), and the keeper every 20 ms).
 *
 * <p>Rejected: one AtomicInteger of running bodies, incremented and decremented by every task,
 * which made the peak exact everywhere: two updates per task on one cache line shared by every
 * carrier thread: a large share of P6 (8 submitters, ConcurrentSubmitBenchmark; the figure is in
 * docs/benchmarks.md), and no pending-task bookkeeping may sit on one contended line.
 */
final class Counters {

    private final LongAdder rejectedEntered = new LongAdder(); // refused after `entered` counted
    private final LongAdder rejectedAtCall = new LongAdder(); // refused before counting anything
    private final LongAdder unusedReservations = new LongAdder();
    private final LongAdder childUnits = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder cancelled = new LongAdder();
    private final AtomicInteger peakRunning = new AtomicInteger();

    /** Raises the peak to {@code now} if that is higher; a CAS only when it is. */
    void notePeak(int now) {
        for (int peak; now > (peak = peakRunning.get()); ) {
            if (peakRunning.compareAndSet(peak, now)) {
                break;
            }
        }
    }

    /** A task's thread finished (its body ran, or was skipped by a cancel). */
    void bodyEnds(StructuredTask<?> task) {
        if (!task.succeeded()) { // success, the common case, is derived: one volatile read
            ended(task.state());
        }
    }

    /** A task ended without a thread of its own (cancelled while waiting, or no thread for it). */
    void ended(Future.State state) {
        switch (state) {
            case SUCCESS -> {} // derived in snapshot()
            case FAILED -> failed.increment();
            case CANCELLED -> cancelled.increment();
            default -> throw new IllegalStateException("a task ended while " + state);
        }
    }

    /** A submit attempt counted in `entered` was rejected. */
    void rejected() {
        rejectedEntered.increment();
    }

    /** A call was rejected before it counted anything (map() on a shut-down executor). */
    void rejectedUncounted() {
        rejectedAtCall.increment();
    }

    /** Counts in `entered` that map() reserved for items it did not submit. */
    void unusedReservations(int n) {
        unusedReservations.add(n);
    }

    /** A child executor became busy: one unit counted in `entered` that is not a task. */
    void childUnit() {
        childUnits.increment();
    }

    /** Tasks accepted, given the executor's `entered` count. */
    long submitted(long entered) {
        return entered - rejectedEntered.sum() - unusedReservations.sum() - childUnits.sum();
    }

    long failed() {
        return failed.sum();
    }

    long cancelled() {
        return cancelled.sum();
    }

    /** {@code bounded}: the executor has maxConcurrency, so pending - running are waiting. */
    ExecutorStats snapshot(long entered, int pending, int running, boolean bounded) {
        long failures = failed.sum();
        long cancels = cancelled.sum();
        long all = submitted(entered);
        long completed = Math.max(0L, all - failures - cancels - pending);
        int waiting = bounded ? Math.max(0, pending - running) : 0;
        return new ExecutorStats(
                all,
                completed,
                failures,
                cancels,
                rejectedEntered.sum() + rejectedAtCall.sum(),
                pending,
                running,
                waiting,
                peakRunning.get());
    }
}
