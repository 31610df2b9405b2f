package io.structex;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jspecify.annotations.Nullable;

/*
 * Implementation notes.
 *
 * The maxConcurrency policy: `free` slots (one volatile int, FREE) and a FIFO queue of the tasks
 * waiting for one. A waiting task has no thread: it is a node in a lock-free queue
 * (ConcurrentLinkedQueue), nothing more.
 *
 * Acquire and release are CAS on `free`; no lock anywhere. The executor uses two orders that form a
 * Dekker pair, so that a slot and a waiting task never miss each other:
 *   submitter: offer(task), then tryAcquire()          (drain)
 *   finisher:  release(), then poll()                  (drain)
 * A finishing task first tries to hand its slot straight to the next waiting task (poll, then start
 * that task's thread) and releases the slot only when nobody waits: a freed slot starts the next
 * task without passing through `free` at all.
 *
 * Rejected: a Semaphore (its queue parks threads: a waiting task would need one); a lock around
 * queue and count (every finishing task would take it); re-using the finished task's thread for the
 * next task, as Python's pool and the JDK's fixed pool do (cheaper, but a task would inherit its
 * predecessor's thread-locals, name and interrupt status, and structex promises each task its own
 * new virtual thread).
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
    private final ConcurrentLinkedQueue<StructuredTask<?>> waiting = new ConcurrentLinkedQueue<>();
    private volatile int free; // max >= free >= 0

    Slots(int max) {
        assert max >= 1;
        this.max = max;
        this.free = max;
    }

    boolean tryAcquire() {
        for (;;) {
            int f = free;
            if (f == 0) {
                return false;
            }
            if (FREE.compareAndSet(this, f, f - 1)) {
                return true;
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

    /** Removes and returns every waiting task, in queue order. */
    List<StructuredTask<?>> drainWaiting() {
        List<StructuredTask<?>> drained = new ArrayList<>();
        for (StructuredTask<?> t; (t = waiting.poll()) != null; ) {
            drained.add(t);
        }
        return drained;
    }
}
