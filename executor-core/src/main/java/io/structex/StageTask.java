package io.structex;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/*
 * Implementation notes: a task without a thread of its own (submitAsync).
 *
 * Its body is a start function that returns a CompletionStage; the task is pending from submit
 * until that stage completes, and its outcome is the stage's. In an unbounded executor it gets no
 * thread at all: Admission hands it to TaskHost.launch as any task, and launch runs start(host)
 * in the submitter's thread instead of starting one: the task's bookkeeping before its body
 * (beforeBody: the TaskTable, a cancel mode already set), the claim, the start function, and a
 * callback on the stage that completes the task and does the bookkeeping after its body
 * (afterBody), on the thread that completes the stage (or a virtual thread: below). With
 * maxConcurrency, a task must hold its slot until its stage completes: it is a plain task whose
 * body starts the stage and waits for it (waitingBody), on a worker, as any task.
 *
 * Cancelling. StructuredTask's cancel and cancelAndInterrupt work unchanged (the runner is null:
 * nothing is interrupted); once a cancel with interrupt reached a started task they call
 * cancelledWithInterrupt(), where this task cancels its stage, with cancel(true) if the stage is
 * a Future: after INTERRUPTED was written, so that a stage whose cancel completes it at once, on
 * the cancelling thread, finds complete() past the INTERRUPTING window that bodyOver waits
 * through (a cancel inside that window, on the thread that holds it, would spin for ever). The
 * stage is published by start() after the start function returned: start writes `stage` and then
 * reads the state; a canceller writes the state and then reads `stage` (a Dekker pair, both
 * volatile): at least one of them sees the other and cancels the stage (both may: the stage's
 * cancel is then called twice, which a CompletableFuture's ignores). jcstress:
 * StagePublishVsCancelTest.
 *
 * The stage's cancel runs on the cancelling thread, which may be a scan of fail-fast or the
 * timeout's: a stage whose cancel blocks must hand it off (executor-hazelcast's RemoteRun does).
 *
 * The thread that completes the stage is not ours (an HTTP client's, Hazelcast's response
 * thread), and no user code runs on it: a success completes the future and wakes its waiters
 * there, and, if done-callbacks wait (toCompletableFuture's among them), runs them, and then the
 * task's end, on a virtual thread (succeedLeavingCallbacks), so that the task is pending until its
 * callbacks have run, as a task with a thread is; a failure (or a cancelled stage) ends the task
 * on a virtual thread, since its end may fail the scope, whose scan cancels every other task and
 * runs their callbacks. The rest of a success's end is bookkeeping, except the cancel of
 * background work when the task was the last else pending: BackgroundTasks does that on a thread
 * of its own. A virtual thread per success would cost as much as the thread this task saves
 * (executor-hazelcast: C1, docs/benchmarks.md).
 *
 * TaskTable: a task adds itself with its thread's id as the hash of its place; all the stage
 * tasks of one submitter would share one place, so start() uses a random number instead. The
 * slot index it records is read at its end, on the completing thread: the registration of the
 * callback (a CAS in the stage) follows the write, and the stage's completion reads it.
 */
final class StageTask<T extends @Nullable Object> extends StructuredTask<T> {

    // null until the start function returned it; written once by the submitter (start), read by
    // cancellers (interrupted)
    private volatile @Nullable CompletionStage<T> stage;

    @SuppressWarnings("unchecked") // the body returns the stage, not a T: see start()
    StageTask(Callable<? extends CompletionStage<T>> start, TaskHost owner) {
        super((Callable<T>) (Callable<?>) start, owner);
    }

    /**
     * In place of a thread start, in the submitter's thread: registers the task, claims it, calls
     * the start function and completes the task when the stage does. A start function that throws
     * or returns null fails the task; nothing throws out of here.
     */
    void start(TaskHost host) {
        TaskEndEvent event = host.beforeBody(this, ThreadLocalRandom.current().nextLong());
        CompletionStage<T> started;
        try {
            Callable<T> body = takeBody(false);
            if (body == null) { // cancelled before it started
                host.endWithoutThread(this, event);
                return;
            }
            @SuppressWarnings("unchecked") // the body is the start function (the constructor)
            CompletionStage<T> s = (CompletionStage<T>) (Object) body.call();
            started = Objects.requireNonNull(s, "the task's start function returned null");
        } catch (Throwable failure) {
            complete(null, failure);
            host.endWithoutThread(this, event);
            return;
        }
        publish(started);
        started.whenComplete((value, failure) -> end(value, failure, host, event));
    }

    /**
     * The stage completed, on the thread that completed it: a success ends here unless done-
     * callbacks wait, a failure on a virtual thread (see the notes).
     */
    private void end(
            @Nullable T value,
            @Nullable Throwable failure,
            TaskHost host,
            @Nullable TaskEndEvent event) {
        if (failure != null) {
            elsewhere(
                    () -> {
                        complete(null, unwrap(failure));
                        host.endWithoutThread(this, event);
                    });
            return;
        }
        CallbackNode callbacks = succeedLeavingCallbacks(value);
        if (callbacks == null) {
            host.endWithoutThread(this, event);
            return;
        }
        elsewhere(
                () -> {
                    runCallbacks(callbacks);
                    host.endWithoutThread(this, event);
                });
    }

    /** Runs {@code work} on a new virtual thread; here if none can be started. */
    private static void elsewhere(Runnable work) {
        try {
            Thread.ofVirtual().name("structex-stage-end").start(work);
        } catch (OutOfMemoryError noThread) { // the task must still end
            work.run();
        }
    }

    /**
     * Publishes the stage to cancellers; cancels it if a cancel with interrupt came first (the
     * Dekker pair of the notes).
     */
    void publish(CompletionStage<T> started) {
        stage = started;
        if (interruptRequested()) {
            cancel(started);
        }
    }

    /** The stage, for describe(); null until the start function returned it. */
    @Nullable CompletionStage<T> stage() {
        return stage;
    }

    @Override
    void cancelledWithInterrupt() {
        CompletionStage<T> s = stage;
        if (s != null) {
            cancel(s);
        }
    }

    private static void cancel(CompletionStage<?> stage) {
        if (stage instanceof Future<?> f) {
            f.cancel(true);
        }
    }

    /** What a stage failed with: the cause of a CompletionException that wraps it. */
    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure.getCause();
        return failure instanceof CompletionException && cause != null ? cause : failure;
    }

    /**
     * The body of a task of a maxConcurrency executor: starts the stage and waits for it, holding
     * the slot. An interrupt (the task's cancel) cancels the stage and waits, uninterruptibly, for
     * it to complete, so that the task is pending until then, as without maxConcurrency.
     */
    static <T extends @Nullable Object> Callable<T> waitingBody(
            Callable<? extends CompletionStage<T>> start) {
        return () -> {
            CompletionStage<T> started =
                    Objects.requireNonNull(start.call(), "the task's start function returned null");
            CompletableFuture<T> done = new CompletableFuture<>();
            started.whenComplete(
                    (value, failure) -> {
                        if (failure == null) {
                            done.complete(value);
                        } else {
                            done.completeExceptionally(unwrap(failure));
                        }
                    });
            try {
                return done.get();
            } catch (InterruptedException e) {
                cancel(started);
                done.handle((value, failure) -> null).join(); // join ignores interrupts
                throw e;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Exception x) {
                    throw x;
                }
                if (cause instanceof Error x) {
                    throw x;
                }
                throw e; // a Throwable of neither kind: as the future's get() would report it
            }
        };
    }
}
