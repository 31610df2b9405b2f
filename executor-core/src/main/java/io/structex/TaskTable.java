package io.structex;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/*
 * Implementation notes.
 *
 * An executor's running tasks, for what must find them: cancelling them all (shutdownNow,
 * fail-fast, timeouts, a parent's cancel), describe(), the JVM-exit report, and "is this thread one
 * of my tasks" for custom thread factories. Each task adds itself from its own thread just before
 * its body and removes itself after: two operations per task, on the path of every task, so they
 * must be cheap; enumeration is rare and may be slow.
 *
 * Layout: segments of slots (arrays of tasks), each twice the size of the one before; a task
 * takes a free slot of the newest segment by CAS (null -> task), trying a line (PROBES slots) at a
 * place picked by a hash of its thread's id, then WINDOWS - 1 other places, then the first SWEEP
 * slots; it frees the slot with one release store of null. Finding all of those taken (the newest
 * segment is nearly full: with uniform hashes, 64 random slots all taken) adds a new segment,
 * under a lock, copy-on-write of the directory; older segments are only emptied from then on. The
 * sweep bounds the growth when hashes collide (every add then still fills SWEEP slots of a
 * segment before it grows). A task
 * remembers its index across all segments (StructuredTask.slot: one int, not the segment and an
 * index, to keep the future at 40 bytes); segment k starts at index FIRST * (2^k - 1).
 *
 * Memory: 4 bytes per slot (compressed oops); capacity grows to about 1.5 times the most tasks that
 * ever ran at once, and is kept for the executor's life. And stack: C2 inlines add into
 * StructuredTask.run, whose frame stays under every parked task, so add keeps only its first
 * window there and calls addSlowly for the rest, a call rare enough that C2 leaves it out of line
 * (inlined whole, add's loops cost every parked task 32 bytes of stack: M1, MemoryHarness).
 *
 * Ordering: add is a CAS (volatile), forEach reads each slot volatile. The executor's cancelling
 * scan writes cancelMode and then reads the slots; a task adds itself and then reads cancelMode (a
 * Dekker pair): it is either seen by the scan or sees the mode and cancels itself. A scan may see a
 * task that has just finished (its slot not yet cleared): cancelling a finished task does nothing.
 *
 * Rejected: a ConcurrentHashMap<Thread, Task> (the old design: a CAS and a size-counter update to
 * put, a bin lock and another counter update to remove: several times the cost of a slot's CAS
 * and release store; P1, SubmitCloseBenchmark, figures in docs/benchmarks.md); one slot per task
 * picked by the submitter (the submitter does not know the thread: the JDK's ThreadPerTaskExecutor
 * makes it).
 */
final class TaskTable {

    /** Slots in the first segment: 256 bytes. */
    private static final int FIRST = 64;

    /** Slots in one cache line (compressed oops); a probe starts at the beginning of a line. */
    private static final int LINE = 16;

    /** Slots tried in one window: a line. */
    private static final int PROBES = 16;

    /** Windows tried at different places; then a sweep from the start, then the table grows. */
    private static final int WINDOWS = 4;

    /** Slots the last-chance sweep tries, from the start of the newest segment. */
    private static final int SWEEP = 1024;

    private static final VarHandle SLOTS =
            MethodHandles.arrayElementVarHandle(StructuredTask[].class);

    // Copy-on-write directory: replaced under growLock (grow), read lock-free by adders and scans.
    private volatile StructuredTask<?>[][] segments = {new StructuredTask<?>[FIRST]};
    private final ReentrantLock growLock = new ReentrantLock();

    /**
     * Adds a task, from its own thread (a StageTask: from its submitter's), at a place picked by
     * {@code key}: its thread's id, distinct per task. Does not block (but for a rare, short grow
     * lock).
     *
     * <p>The first window is tried here and the rest in addSlowly, a call that is rarely taken: C2
     * inlines only this much into StructuredTask.run, whose frame stays under every parked task
     * (see the notes on memory).
     */
    void add(StructuredTask<?> task, long key) {
        long seed = key * 0x9E3779B97F4A7C15L;
        StructuredTask<?>[][] segs = segments;
        int k = segs.length - 1;
        StructuredTask<?>[] newest = segs[k];
        if (!tryTake(newest, k, windowStart(seed, 0, newest), PROBES, task)) {
            addSlowly(task, seed);
        }
    }

    /**
     * add(), once the first window of the newest segment was full: the other windows, the sweep.
     */
    private void addSlowly(StructuredTask<?> task, long seed) {
        for (; ; ) {
            StructuredTask<?>[][] segs = segments;
            int k = segs.length - 1;
            StructuredTask<?>[] newest = segs[k];
            for (int window = 0; window < WINDOWS; window++) {
                if (tryTake(newest, k, windowStart(seed, window, newest), PROBES, task)) {
                    return;
                }
            }
            if (tryTake(newest, k, 0, Math.min(newest.length, SWEEP), task)) {
                return;
            }
            grow(segs);
        }
    }

    /** The first slot of a window: the start of a line picked by the seed and the window. */
    private static int windowStart(long seed, int window, StructuredTask<?>[] segment) {
        return ((int) ((seed + window * 0x632BE59BD9B4E019L) >>> 32) * LINE) & (segment.length - 1);
    }

    private static boolean tryTake(
            StructuredTask<?>[] segment, int k, int start, int probes, StructuredTask<?> task) {
        int mask = segment.length - 1;
        for (int i = 0; i < probes; i++) {
            int index = (start + i) & mask;
            if (SLOTS.getVolatile(segment, index) == null
                    && SLOTS.compareAndSet(segment, index, (StructuredTask<?>) null, task)) {
                task.slot(firstIndexOf(k) + index + 1);
                return true;
            }
        }
        return false;
    }

    /** The index of segment k's first slot: the segments before it hold FIRST * (2^k - 1). */
    private static int firstIndexOf(int k) {
        return FIRST * ((1 << k) - 1);
    }

    /**
     * Removes a task that {@link #add} added, from its own thread. A release write, no fence: a
     * scan that still sees the task only finds it done.
     */
    void remove(StructuredTask<?> task) {
        int slot = task.slot();
        if (slot != 0) {
            int index = slot - 1;
            int k = 31 - Integer.numberOfLeadingZeros(index / FIRST + 1);
            SLOTS.setRelease(segments[k], index - firstIndexOf(k), (StructuredTask<?>) null);
        }
    }

    /**
     * The tasks in the table now: those added before and not removed, and maybe some of the others.
     */
    List<StructuredTask<?>> snapshot() {
        List<StructuredTask<?>> found = new ArrayList<>();
        scan(
                task -> {
                    found.add(task);
                    return false;
                });
        return found;
    }

    /** How many tasks the table holds now (as snapshot() would find them), without a list. */
    int count() {
        int[] n = {0};
        scan(
                task -> {
                    n[0]++;
                    return false;
                });
        return n[0];
    }

    /** Whether the task running on the given thread is in the table. */
    boolean containsThread(Thread thread) {
        return scan(task -> task.runner() == thread);
    }

    /** Reads every slot (volatile) and offers each task found; stops at the first true. */
    private boolean scan(Predicate<StructuredTask<?>> visitor) {
        for (StructuredTask<?>[] segment : segments) {
            for (int i = 0; i < segment.length; i++) {
                StructuredTask<?> task = (StructuredTask<?>) SLOTS.getVolatile(segment, i);
                if (task != null && visitor.test(task)) {
                    return true;
                }
            }
        }
        return false;
    }

    private void grow(StructuredTask<?>[][] seen) {
        growLock.lock();
        try {
            StructuredTask<?>[][] segs = segments;
            if (segs == seen) {
                StructuredTask<?>[][] more = Arrays.copyOf(segs, segs.length + 1);
                more[segs.length] = new StructuredTask<?>[segs[segs.length - 1].length * 2];
                segments = more;
            }
        } finally {
            growLock.unlock();
        }
    }

    /** How many slots the table has. */
    int capacity() {
        int n = 0;
        for (StructuredTask<?>[] segment : segments) {
            n += segment.length;
        }
        return n;
    }
}
