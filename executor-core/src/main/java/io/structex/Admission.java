package io.structex;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;

/*
 * Implementation notes: the submit path of one executor, the executor as submitters see it.
 *
 * A task is counted as pending first (Termination.enter), then the state is read: a shutdown
 * writes the state and then reads the count, so one of the two sees the other (the Dekker pair in
 * Termination's notes). A submit that saw RUNNING hands the task to TaskHost (a new thread) or to
 * Workers (the queue, then drain); one that did not undoes its count and is rejected. Nothing is
 * left half-done: a rejected or failed submit leaves no pending count and no task.
 *
 * map() submits many items from one thread: it reserves their counts RESERVATION at a time
 * (reserve), submits each against the reservation (submitReserved: the same state check, which
 * the reservation's increment precedes, so the Dekker pair holds) and gives back what it did not
 * use (releaseReserved). One fenced update per RESERVATION items instead of one per item (P4,
 * MapBenchmark); the price: while map() submits, pendingCount() and stats() may count up to
 * RESERVATION - 1 items not yet submitted.
 */
final class Admission {

    /** How many item counts map() reserves at a time. */
    static final int RESERVATION = 64;

    private final StructuredExecutor executor; // for the rejection's message
    private final Termination termination;
    private final TaskHost host;
    private final Counters counters;
    private final @Nullable TaskDecorator decorator;

    Admission(StructuredExecutor executor, @Nullable TaskDecorator decorator) {
        this.executor = executor;
        this.termination = executor.termination;
        this.host = executor.host;
        this.counters = executor.counters;
        this.decorator = decorator;
    }

    /** A task for this executor: the body, decorated. */
    <T extends @Nullable Object> StructuredTask<T> task(Callable<T> body) {
        return new StructuredTask<>(decorate(body), host);
    }

    /**
     * A task of submitAsync: without a thread in an unbounded executor; with maxConcurrency, a task
     * whose body waits for the stage on its worker, holding the slot (see StageTask).
     */
    <T extends @Nullable Object> StructuredTask<T> stageTask(
            Callable<? extends CompletionStage<T>> start) {
        if (host.bounded()) {
            return task(StageTask.waitingBody(start));
        }
        return new StageTask<>(decorate(start), host);
    }

    /** A task for this executor run by another host (the background tasks'). */
    <T extends @Nullable Object> StructuredTask<T> task(Callable<T> body, TaskHost runner) {
        return new StructuredTask<>(decorate(body), runner);
    }

    /** A task given to execute(): its failure goes to its thread's uncaught-exception handler. */
    ExecutedTask executedTask(Callable<@Nullable Void> body) {
        return new ExecutedTask(decorate(body), host);
    }

    @SuppressWarnings("unchecked")
    private <T extends @Nullable Object> Callable<T> decorate(Callable<T> task) {
        TaskDecorator d = decorator;
        if (d == null) {
            return task;
        }
        return Objects.requireNonNull(
                (Callable<T>) d.decorate(task), "the task decorator returned null");
    }

    /**
     * Counts the task as pending, then, unless a shutdown got there first, starts its thread
     * (unbounded) or queues it for a slot (maxConcurrency); otherwise undoes the count and rejects.
     */
    <T extends @Nullable Object> StructuredTask<T> start(StructuredTask<T> task) {
        termination.enter(1); // then the state: one check serves the Dekker pair and rejection
        return startCounted(task, host);
    }

    /** start(), for a task already counted in the pending count, to run on {@code host}. */
    <T extends @Nullable Object> StructuredTask<T> startCounted(
            StructuredTask<T> task, TaskHost host) {
        Workers bounded = host.workers();
        boolean accepted = false;
        try {
            if (termination.state() == Termination.RUNNING && !JvmShutdown.inProgress()) {
                termination.ensureHolding();
                if (bounded == null) {
                    host.launch(task);
                } else {
                    bounded.enqueue(task);
                }
                accepted = true;
            }
        } catch (RejectedExecutionException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            throw new RejectedExecutionException("cannot start a thread for the task", e);
        } finally {
            if (!accepted) {
                host.rejected(task);
            }
        }
        if (!accepted) {
            rejectIfClosed();
            throw new RejectedExecutionException("cannot schedule new futures after shutdown");
        }
        if (bounded != null) {
            bounded.drain(); // this submitter starts it (or another waiting task) if a slot is free
        }
        return task;
    }

    /** rejectIfClosed() at a map() call, which counts one rejection if it throws. */
    void rejectMapIfClosed() {
        try {
            rejectIfClosed();
        } catch (RejectedExecutionException e) {
            counters.rejectedUncounted();
            throw e;
        }
    }

    /** Throws the rejection of a submit to an executor that is shut down or a JVM that exits. */
    void rejectIfClosed() {
        if (JvmShutdown.inProgress()) {
            throw new RejectedExecutionException(
                    "cannot schedule new futures after interpreter shutdown (the JVM is exiting)");
        }
        if (termination.state() != Termination.RUNNING) {
            throw new RejectedExecutionException(
                    "cannot schedule new futures after shutdown: " + executor);
        }
    }

    /** Counts {@code n} tasks as pending ahead of their submitReserved calls; map() only. */
    void reserve(int n) {
        termination.enter(n);
    }

    /**
     * Submits a task whose count was reserved; as submit, except that it uses one reserved count,
     * returning or throwing (a rejection undoes that count as submit undoes its own). map() only.
     */
    <T extends @Nullable Object> TaskFuture<T> submitReserved(Callable<T> body) {
        StructuredTask<T> counted;
        try {
            counted = task(body);
        } catch (RuntimeException | Error e) { // the decorator threw: this count is no task's
            releaseReserved(1);
            throw e;
        }
        return startCounted(counted, host);
    }

    /** Gives back {@code n} reserved counts that no task used: they exit as tasks do. */
    void releaseReserved(int n) {
        if (n > 0) {
            counters.unusedReservations(n);
            termination.exit(n);
        }
    }
}
