package io.structex;

import java.util.List;
import org.jspecify.annotations.Nullable;

/*
 * Implementation notes: the maxConcurrency driver of one executor, over its Slots.
 *
 * A task submitted to a bounded executor waits in the queue, without a thread, until it is
 * claimed (NEW -> RUNNING) by whoever starts a worker thread for it: the submitter that finds a
 * free slot (drain -> launchQueued) or a worker that finished its task (nextWaiting). A worker is
 * a virtual thread that holds one slot and runs waiting tasks one after the other (the loop in
 * StructuredTask.run), as Python's workers do, and gives the slot back only when nobody waits.
 * Exactly one party moves a task out of NEW and does the bookkeeping of a task that never got a
 * thread: the claimer, or the canceller of a queued task (queuedTaskCancelled).
 *
 * The Dekker pairs that keep a slot and a waiting task from missing each other (see Slots):
 *   submitter: offer(task), then tryAcquire()          (drain)
 *   worker:    release(), then poll()                  (nextWaiting)
 * drain reads the free count before the queue: while every slot is busy (the common case under
 * load) that is one volatile read, where isEmpty() walks the head the workers' polls keep writing
 * (P5, BoundedBenchmark).
 *
 * A task that waits, untimed, for a sibling still queued runs it itself (runQueuedHere), on its
 * own thread and slot: n running tasks that each wait for a queued sibling would otherwise wait
 * for ever (a fixed pool deadlocks there; a ForkJoinPool join helps the same way). Removing the
 * sibling from the queue first makes the claim this thread's alone: a worker that polled it
 * would bind itself to it before its claim fails.
 */
final class Workers {

    private final TaskHost host;
    private final Slots slots;
    private final Counters counters;

    Workers(TaskHost host, int maxConcurrency, Counters counters) {
        this.host = host;
        this.slots = new Slots(maxConcurrency);
        this.counters = counters;
    }

    /** Queues a counted task; the submitter then calls drain(). */
    void enqueue(StructuredTask<?> task) {
        slots.enqueue(task);
    }

    /** Starts waiting tasks while slots are free; the submitter's half of the Dekker pair. */
    void drain() {
        for (int taken; (taken = slots.tryAcquire()) > 0; ) {
            StructuredTask<?> next = slots.poll();
            if (next != null && launchQueued(next)) {
                counters.notePeak(taken); // a new worker: the peak of workers is exact
                continue;
            }
            slots.release();
            if (next == null && !slots.hasWaiting()) {
                return;
            }
        }
    }

    /**
     * Claims a task that waited for a slot and starts its thread, which then owns the slot.
     *
     * @return false if the task was cancelled while it waited, or could not be given a thread (its
     *     future then fails with RejectedExecutionException); either way the slot is still ours
     */
    private boolean launchQueued(StructuredTask<?> task) {
        if (!task.claim()) {
            return false; // cancelled while it waited: its canceller did the bookkeeping
        }
        try {
            host.launch(task);
            return true;
        } catch (RuntimeException | Error e) {
            host.failedToLaunch(task, e);
            return false;
        }
    }

    /**
     * For a worker whose task ended: the next waiting task, claimed and bound to this thread, or
     * null once the worker has given its slot back (nobody waits). Releasing and then looking at
     * the queue again pairs with a submitter's enqueue-then-acquire: a task queued meanwhile is run
     * here or by the submitter.
     */
    @Nullable StructuredTask<?> nextWaiting() {
        for (; ; ) {
            StructuredTask<?> next = slots.poll();
            if (next != null) {
                next.bindRunner(Thread.currentThread()); // before the claim, which publishes it
                if (next.claim()) {
                    // Nothing of the last task's may reach this one. A cancel(true) of this one
                    // that interrupts before this line finds it cancelled: takeBody skips it.
                    Thread.interrupted();
                    return next;
                }
                continue; // cancelled while it waited: its canceller did the bookkeeping
            }
            slots.release();
            int taken;
            if (!slots.hasWaiting() || (taken = slots.tryAcquire()) == 0) {
                return null;
            }
            counters.notePeak(taken);
        }
    }

    /** A worker ends abruptly (its task's completion threw): its slot goes to a new worker. */
    void workerDied() {
        slots.release();
        drain();
    }

    /**
     * Claims a queued sibling for the calling task's thread (see the notes).
     *
     * @return whether the caller may run it: false if it is no longer queued or was cancelled
     */
    boolean claimForHelper(StructuredTask<?> sibling) {
        if (!slots.remove(sibling) || !sibling.claim()) {
            return false; // a cancel that won the claim did the bookkeeping
        }
        sibling.runOn(Thread.currentThread());
        return true;
    }

    /** Removes and returns every waiting task, in queue order. */
    List<StructuredTask<?>> drainWaiting() {
        return slots.drainWaiting();
    }
}
