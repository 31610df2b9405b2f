package io.structex.hazelcast;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/*
 * Implementation notes: the remote runs of a scope's tasks.
 *
 * A task of submit() is a core task without a thread (StructuredExecutor.submitAsync): start()
 * sends it from the submitter's thread and returns its RemoteRun, a stage that completes with the
 * outcome of its last attempt; the core task is pending until then. Everything the core promises
 * (pending until the remote run ended, close() joins, the exit promise, fail-fast, the timeout,
 * maxConcurrency as the number in flight, child scopes) follows; structex never asks Hazelcast
 * about the lifecycle. execute(), map() and invokeAll() run the same RemoteRun as the body of a
 * plain task (run(), which waits for it on the task's thread).
 *
 * The outcome of an attempt: a callback on the remote future, registered with handleAsync(fn,
 * Runnable::run), so that it runs on the thread that completes the future (Hazelcast's response
 * thread). Not whenComplete or whenCompleteAsync: Hazelcast wraps the stage they return in a
 * DelegatingCompletableFuture, which registers a callback of its own on Hazelcast's default
 * executor, and with ForkJoinPool.commonPool()'s parallelism at 1 (2 cores) that executor starts
 * a platform thread per callback (C1, docs/benchmarks.md). A success completes the run there: the
 * core runs no user code on the thread that completes a task's stage (the future's callbacks and
 * dependents, a fail-fast scan, the cancel of background work go to a virtual thread: StageTask's
 * notes), and what is left is bookkeeping and waking the threads that wait. A virtual thread per
 * success cost as much as the thread per task that this design removed (0.06-0.10 of Hazelcast's
 * round trip on 2 cores, in ClusterLayersHarness). A failure is handled on a virtual thread of its
 * own (onAttemptFailed): its explanation loads classes, and a retry must not be sent from a
 * Hazelcast thread (the futures of a lost member are completed by Hazelcast's
 * InvocationMonitorThread, which may not send: IllegalThreadStateException). A submit made on
 * such a thread (a callback of a raw Hazelcast future) is sent from a virtual thread too.
 *
 * Cancel: Hazelcast's Future.cancel waits for the member's answer and ignores interrupts
 * (../shared/notes/hazelcast.md); RemoteRun.cancel sends it from a virtual thread of its own and
 * completes the run once it returned: see RemoteRun.
 *
 * Routing: submitToMember, round-robin over the members, never a partition's owner: a task sent
 * to a partition owner that dies is silently rerun elsewhere by Hazelcast, so "lost" could not be
 * reported, nor a retry policy honoured. A loss (MemberLeftException, TargetNotMemberException,
 * TargetDisconnectedException) is retried on another member while retries are left, else it is a
 * TaskLostException naming the member and every attempt.
 *
 * A member shutting down gracefully (MemberDrain, on the member) lets its running tasks end and
 * answer, and refuses the tasks that reach it after that with MemberLeaving: nothing of them ran,
 * so they are sent to another member without counting an attempt.
 *
 * The local instance shutting down: the remote futures of a member that shuts down may never
 * complete; a lifecycle listener sets instanceDown, which each start() reads after adding its run
 * to inFlight, and fails every run in flight with a clear IllegalStateException, so that close()
 * does not hang.
 */
final class Dispatch {

    private final HazelcastInstance hazelcast;
    private final String executorName;
    private final int retries;
    private final AtomicInteger next = new AtomicInteger();
    private final Set<RemoteRun<?>> inFlight = ConcurrentHashMap.newKeySet();
    private final UUID listener;
    private final UUID self; // this endpoint (member or client), named in each task sent
    // null until the local instance begins to shut down; written by the lifecycle listener's
    // thread (Hazelcast's), read by every start() and send().
    private volatile @Nullable String instanceDown;

    Dispatch(HazelcastInstance hazelcast, String executorName, int retries) {
        this.hazelcast = hazelcast;
        this.executorName = executorName;
        this.retries = retries;
        this.listener = hazelcast.getLifecycleService().addLifecycleListener(this::onLifecycle);
        this.self = hazelcast.getLocalEndpoint().getUuid();
    }

    /** The scope has terminated: nothing waits any more. */
    void close() {
        try {
            hazelcast.getLifecycleService().removeLifecycleListener(listener);
        } catch (RuntimeException alreadyDown) {
            // the instance is gone, and its listeners with it
        }
    }

    String executorName() {
        return executorName;
    }

    private void onLifecycle(LifecycleEvent event) {
        if (event.getState() == LifecycleEvent.LifecycleState.SHUTTING_DOWN) {
            String down = "the local Hazelcast instance " + hazelcast.getName() + " shut down";
            instanceDown = down;
            for (RemoteRun<?> run : inFlight) {
                run.finish(null, downWhilePending(down));
            }
        }
    }

    private static IllegalStateException downWhilePending(String down) {
        return new IllegalStateException(down + " while the task was pending");
    }

    /**
     * Sends {@code task} to a member from the calling thread and returns its run: a stage that
     * completes with the task's outcome (after any retries), the stage of a core task without a
     * thread (StructuredExecutor.submitAsync). Never throws: a failure to send fails the stage.
     */
    <T extends @Nullable Object> RemoteRun<T> start(Callable<T> task) {
        return start(new RemoteRun<T>(inFlight, task));
    }

    /**
     * As {@link #start(Callable)}, for a task whose outcome on success is {@code result}, which
     * stays on this JVM, whatever the remote run returned (submit(Runnable, result)).
     */
    <T extends @Nullable Object> RemoteRun<T> start(Callable<?> task, T result) {
        return start(new RemoteRun<T>(inFlight, task, result));
    }

    private <T extends @Nullable Object> RemoteRun<T> start(RemoteRun<T> run) {
        inFlight.add(run);
        String down = instanceDown; // after the add: onLifecycle sets it, then fails the set
        if (down != null) {
            run.finish(null, new IllegalStateException(down + ": the task was not sent"));
            return run;
        }
        sendNext(run);
        return run;
    }

    /**
     * Runs {@code task} on a member and returns its result, waiting in the calling thread: the body
     * of a core task for execute() and map(), which have no thread-free form.
     *
     * @throws InterruptedException if interrupted while waiting; the remote run is cancelled, and
     *     this returns once the member was told to stop
     * @throws TaskLostException if the member left and no retry was left
     * @throws Exception whatever the task threw on the member, or an explained failure
     */
    <T extends @Nullable Object> T run(Callable<T> task) throws Exception {
        RemoteRun<T> run = start(task);
        try {
            return run.get();
        } catch (InterruptedException e) {
            run.cancel(true);
            run.handle((value, failure) -> null).join(); // join ignores interrupts
            throw e;
        } catch (ExecutionException e) {
            throw failureOf(e);
        }
    }

    /** What the run failed with, unwrapped from get()'s exception; an Error is thrown as it is. */
    private static Exception failureOf(ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof Error x) {
            throw x;
        }
        return cause instanceof Exception x ? x : e;
    }

    /** Sends the run's next attempt to a member; a failure to send ends the run with it. */
    private void sendNext(RemoteRun<?> run) {
        int attempt = run.nextAttempt();
        Member member;
        Future<?> remote;
        try {
            member = pick(run.lost());
            remote = send(run.task, member);
        } catch (IllegalThreadStateException hazelcastThread) {
            // a thread of Hazelcast's that may not invoke (an I/O or response thread, where a
            // user's callback submitted): the task is sent from a virtual thread instead
            run.uncount();
            Thread.startVirtualThread(() -> sendNext(run));
            return;
        } catch (RuntimeException | Error e) {
            run.finish(null, e);
            return;
        }
        run.sent(remote, member);
        onOutcome(
                remote,
                (value, failure) -> {
                    if (failure == null) {
                        run.finish(value, null); // see the notes: no user code runs here
                    } else {
                        Thread.startVirtualThread(
                                () -> onAttemptFailed(run, attempt, member, failure));
                    }
                });
    }

    /**
     * One attempt failed, on a virtual thread of its own: ends the run with its explained failure,
     * or sends the next attempt after a loss with retries left or a refusal.
     */
    private void onAttemptFailed(RemoteRun<?> run, int attempt, Member member, Throwable failure) {
        Throwable cause = unwrap(failure);
        boolean refused = cause instanceof MemberLeaving;
        if (!refused && !isLoss(cause)) {
            Throwable explained;
            try {
                explained = explain(cause, run.task, member);
            } catch (Error e) {
                explained = e;
            }
            run.finish(null, explained);
            return;
        }
        Set<Member> lost = run.lose(member);
        if (refused) { // nothing of it ran: send it elsewhere, whatever the retries
            run.uncount();
            if (lost.containsAll(hazelcast.getCluster().getMembers())) {
                awaitAnotherMember(lost); // rare: the leaving member was the only one
            }
        } else {
            List<String> attempts =
                    run.recordLoss(member + " (" + cause.getClass().getSimpleName() + ")");
            if (attempt > retries) {
                run.finish(
                        null,
                        new TaskLostException(
                                "the task was lost: member "
                                        + member
                                        + " left the cluster before it ended; "
                                        + attempts.size()
                                        + " attempt(s): "
                                        + attempts,
                                attempts.size(),
                                cause));
                return;
            }
        }
        if (run.attemptEnded()) {
            run.cancelled();
        } else {
            sendNext(run);
        }
    }

    /**
     * Waits a little for the member that refused to leave, or another to join; then forgets the
     * members that left, so that they are no longer avoided. Not interrupted: nothing interrupts
     * this thread (a cancel is seen by attemptEnded, after this).
     */
    private void awaitAnotherMember(Set<Member> lost) {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lost.retainAll(hazelcast.getCluster().getMembers());
    }

    /**
     * Sends the task; a map item that cannot be serialized is named, with its field path, and a
     * local instance that went down while the task was about to be sent is said so.
     */
    private <T extends @Nullable Object> Future<T> send(Callable<T> task, Member member) {
        try {
            return hazelcast
                    .getExecutorService(executorName)
                    .submitToMember(new MemberRun<>(task, self), member);
        } catch (RejectedExecutionException e) { // the local instance is no longer active
            String down = instanceDown;
            throw new IllegalStateException(
                    (down != null
                                    ? down
                                    : "the local Hazelcast instance "
                                            + hazelcast.getName()
                                            + " is not active")
                            + ": the task was not sent",
                    e);
        } catch (HazelcastSerializationException e) {
            if (task instanceof FunctionCall<?, ?> call) {
                Object item = call.item();
                if (item != null) {
                    Sendable.require(item, "the map item " + item.getClass().getName());
                }
            }
            throw e;
        }
    }

    /**
     * The next member, round-robin, avoiding those that lost this task while others remain. The
     * member set is walked in place, not copied: the copy was a tenth of the samples in structex's
     * own frames for a trivial remote task (C1, docs/benchmarks.md).
     */
    private Member pick(@Nullable Set<Member> avoid) {
        Set<Member> members = hazelcast.getCluster().getMembers(); // a snapshot
        int size = members.size();
        if (size == 0) {
            throw noMember();
        }
        int start = Math.floorMod(next.getAndIncrement(), size);
        Member atStart = null; // the start-th member: the choice when every member is avoided
        Member wrapped = null; // the first member before the start-th that is not avoided
        int i = 0;
        for (Member m : members) {
            boolean usable = avoid == null || !avoid.contains(m);
            if (i >= start && usable) {
                return m;
            }
            if (i == start) {
                atStart = m;
            } else if (usable && wrapped == null) {
                wrapped = m;
            }
            i++;
        }
        if (wrapped != null) {
            return wrapped;
        }
        if (atStart == null) { // the set shrank while walked (it is a snapshot: not expected)
            throw noMember();
        }
        return atStart;
    }

    private static IllegalStateException noMember() {
        return new IllegalStateException("the cluster has no member to run the task");
    }

    /**
     * Calls {@code outcome} with the remote future's outcome, on the thread that completes it
     * (Hazelcast's response thread), through handleAsync, not whenComplete(Async): see the notes.
     * {@code outcome} must not block.
     */
    @SuppressWarnings({"unchecked", "FutureReturnValueIgnored"}) // the returned stage is unused
    private static <T extends @Nullable Object> void onOutcome(
            Future<T> remote,
            BiConsumer<? super @Nullable T, ? super @Nullable Throwable> outcome) {
        if (remote instanceof CompletionStage<?> stage) {
            ((CompletionStage<T>) stage)
                    .handleAsync(
                            (value, failure) -> {
                                outcome.accept(value, failure);
                                return null;
                            },
                            Runnable::run);
        } else { // Hazelcast 5's futures are all CompletionStages: another version is unsupported
            throw new IllegalStateException(
                    "a Hazelcast future that is not a CompletionStage: " + remote.getClass());
        }
    }

    private static Throwable unwrap(@Nullable Throwable t) {
        Throwable out = t == null ? new IllegalStateException("no cause") : t;
        while ((out instanceof CompletionException || out instanceof ExecutionException)
                && out.getCause() != null) {
            out = out.getCause();
        }
        return out;
    }

    private static boolean isLoss(Throwable t) {
        return t instanceof MemberLeftException
                || t instanceof TargetNotMemberException
                || t instanceof TargetDisconnectedException;
    }

    /** The task's own exception as it is; Hazelcast's failures to send or load, explained. */
    private static Exception explain(Throwable cause, Object task, Member member) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ClassNotFoundException) {
                return new IllegalStateException(
                        "member "
                                + member
                                + " cannot load "
                                + t.getMessage()
                                + ": its class path lacks it (every member needs the classes of"
                                + " the tasks it runs)",
                        cause);
            }
            String message = String.valueOf(t.getMessage());
            if ((t instanceof SecurityException || t instanceof InvalidClassException)
                    && message.contains("not allowed")) {
                return new IllegalStateException(
                        "member "
                                + member
                                + " refused the task "
                                + task.getClass().getName()
                                + ": its deserialization filter (JavaSerializationFilterConfig, see"
                                + " ClusterSecurity) does not allow it: "
                                + message,
                        cause);
            }
            if (t instanceof HazelcastSerializationException && t.getCause() == null) {
                return new IllegalStateException(
                        "member "
                                + member
                                + " could not serialize the task's result (or read the task): "
                                + message,
                        cause);
            }
            if (t instanceof NotSerializableException) {
                return new IllegalStateException(
                        "the task's result could not be sent back from member "
                                + member
                                + ": "
                                + message
                                + " is not Serializable",
                        cause);
            }
        }
        if (cause instanceof Exception e) { // a CancellationException among them
            return e;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        return new ExecutionException(cause);
    }
}
