package io.structex;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/*
 * Implementation notes.
 *
 * The maxConcurrency policy: `free` slots (one volatile int, FREE) and a FIFO queue of the tasks
 * waiting for one. A waiting task has no thread: it is a node in a lock-free queue (WaitQueue,
 * whose head and tail sit on cache lines of their own: see there), nothing more.
 *
 * Acquire and release are CAS on `free`; no lock anywhere. The executor uses two orders that form a
 * Dekker pair, so that a slot and a waiting task never miss each other:
 *   submitter: offer(task), then tryAcquire()          (Workers.drain)
 *   worker:    release(), then poll()                  (Workers.nextWaiting)
 *
 * Workers (see there) hold one slot each: a worker that finishes a task polls the next waiting one
 * and runs it on the same thread, and gives its slot back only when nobody waits. A new virtual
 * thread per task, handed the finished task's slot, was the first design: a virtual thread's
 * start, mount and unmount cost more than a fixed pool's whole hand-off (P5, BoundedBenchmark;
 * the figures are in docs/benchmarks.md). The submitter asks for a slot before it looks at the
 * queue (Workers.drain): isEmpty() on this queue walks the head that the workers' polls keep
 * writing.
 *
 * Rejected: a Semaphore (its queue parks threads: a waiting task would need one); a lock around
 * queue and count (every finishing task would take it); workers that park when the queue is empty,
 * as a fixed pool's do (a parked worker per idle executor, and an unpark per submit).
 */
final class Slots {

    private static final VarHandle FREE;

    static {
        try {
            FREE = MethodHandles.lookup().findVarHandle(Slots.class, "free", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int max;
    private final WaitQueue waiting = new WaitQueue();
    // max >= free >= 0; CAS by submitters and workers (tryAcquire, release), read by drain.
    private volatile int free;

    Slots(int max) {
        assert max >= 1;
        this.max = max;
        this.free = max;
    }

    /**
     * Takes a free slot if there is one; returns how many are taken then, or 0 if none was free.
     */
    int tryAcquire() {
        for (; ; ) {
            int f = free;
            if (f == 0) {
                return 0;
            }
            if (FREE.compareAndSet(this, f, f - 1)) {
                return max - (f - 1);
            }
        }
    }

    void release() {
        int before = (int) FREE.getAndAdd(this, 1);
        assert before < max : before;
    }

    void enqueue(StructuredTask<?> task) {
        waiting.offer(task);
    }

    boolean hasWaiting() {
        return !waiting.isEmpty();
    }

    @Nullable StructuredTask<?> poll() {
        return waiting.poll();
    }

    /**
     * Removes one waiting task, for a sibling that runs it itself; O(queue length), on that rare
     * path only.
     *
     * @return whether this call removed it (then no poll can return it)
     */
    boolean remove(StructuredTask<?> task) {
        return waiting.remove(task);
    }

    /** Removes and returns every waiting task, in queue order. */
    List<StructuredTask<?>> drainWaiting() {
        List<StructuredTask<?>> drained = new ArrayList<>();
        for (StructuredTask<?> t; (t = waiting.poll()) != null; ) {
            drained.add(t);
        }
        return drained;
    }
}
