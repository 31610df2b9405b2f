package io.structex;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jspecify.annotations.Nullable;

/*
 * Implementation notes.
 *
 * A monotonic counter that many threads increment and few read: LongAdder's idea, written out so
 * that every access is a volatile (sequentially consistent) one. StructuredExecutor's pending count
 * is two of these (tasks entered, tasks exited), and its Dekker pairs (submit vs shutdown, submit
 * vs the keeper's idle check) need the increment to be a volatile write and the sum to read
 * volatile values; LongAdder installs a new cell with a plain array store, which is enough for a
 * statistic but not for a Dekker pair under the JMM.
 *
 * Layout: one padded base cell (a long[] of 2 * PAD, the value at index PAD) used until two threads
 * collide on it; then a padded array of STRIPES cells, installed once by CAS, fully allocated
 * (never a null cell), after which increments go to the cell of the calling thread
 * (a hash of its id). A cell is 128 bytes apart from the next (two cache lines: the adjacent-line
 * prefetcher pulls pairs). The base keeps what it counted before; sum() adds the base and every
 * cell.
 *
 * Monotonic: values only grow, so a sum() that reads counter A completely before counter B sees,
 * in B, at least every increment of B that happened-before an increment of A it saw (the pending
 * count reads "exited" before "entered" for that reason: it can over-count, never under-count).
 *
 * Cost: an uncontended increment is one CAS on a line the thread already owns; a sum is 1 + STRIPES
 * volatile reads. Memory: 256 bytes, plus (STRIPES + 1) * 128 bytes once contended (4 KiB on 16
 * cores, 640 bytes on 2).
 *
 * Rejected: one AtomicLong (every submitter and every finishing task on one cache line: the
 * largest single cost of the old design in P1, SubmitCloseBenchmark, and P6,
 * ConcurrentSubmitBenchmark; figures in docs/benchmarks.md); LongAdder (see above;
 * also, a fresh virtual thread has no ThreadLocalRandom probe, so they all collide on one cell).
 */
final class StripedCounter {

    /** Longs from one cell to the next: 128 bytes. */
    private static final int PAD = 16;

    /** Twice the processors, rounded up to a power of two, at most 64. */
    private static final int STRIPES =
            Math.min(
                    64,
                    Integer.highestOneBit(2 * Runtime.getRuntime().availableProcessors() - 1) << 1);

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle CELLS;

    static {
        try {
            CELLS =
                    MethodHandles.lookup()
                            .findVarHandle(StripedCounter.class, "cells", long[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long[] base = new long[2 * PAD];
    // null until the base is contended; set once (CAS) by an incrementer that found it so; read by
    // every incrementer and by sum().
    private volatile long @Nullable [] cells;

    /** Adds one. Does not block. */
    void increment() {
        add(1L);
    }

    /** Adds {@code n} (not negative: the counter is monotonic). Does not block. */
    void add(long n) {
        assert n >= 0L : n;
        long[] cs = cells;
        if (cs == null) {
            long b = (long) LONGS.getVolatile(base, PAD);
            if (LONGS.compareAndSet(base, PAD, b, b + n)) {
                return;
            }
            cs = inflate();
        }
        LONGS.getAndAdd(cs, index(), n);
    }

    /** The total, reading the base and then each cell (volatile reads). */
    long sum() {
        long sum = (long) LONGS.getVolatile(base, PAD);
        long[] cs = cells;
        if (cs != null) {
            for (int i = PAD; i < cs.length; i += PAD) {
                sum += (long) LONGS.getVolatile(cs, i);
            }
        }
        return sum;
    }

    private long[] inflate() {
        long[] fresh = new long[(STRIPES + 1) * PAD];
        long[] witness = (long[]) CELLS.compareAndExchange(this, (long[]) null, fresh);
        return witness != null ? witness : fresh;
    }

    /** The calling thread's cell: a mix of its id, so that consecutive thread ids spread. */
    private static int index() {
        long id = Thread.currentThread().threadId();
        int h = (int) ((id * 0x9E3779B97F4A7C15L) >>> 40);
        return ((h & (STRIPES - 1)) + 1) * PAD;
    }
}
