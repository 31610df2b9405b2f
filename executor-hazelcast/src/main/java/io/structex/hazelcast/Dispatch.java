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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/*
 * Implementation notes: one remote run of a task, as the body of a core task.
 *
 * Each task of a ClusterExecutor is a task of its StructuredExecutor whose body (run) sends the
 * task to a member and waits for its outcome. Everything the core promises (pending until the
 * remote run ended, close() joins, the exit promise, fail-fast, the timeout, maxConcurrency as
 * the number in flight, child scopes) follows; structex never asks Hazelcast about the lifecycle.
 *
 * Waiting (await): Hazelcast's Future.get() ignores interrupts (../shared/notes/hazelcast.md), so
 * the body waits on a plain CompletableFuture completed from the remote future's callback, which an
 * interrupt ends at once: the interrupt (cancel(true), shutdownNow, fail-fast, the timeout) then
 * cancels the remote future with interrupt, which interrupts the run on the member. The callback
 * is registered with handleAsync(fn, Runnable::run): it runs on the thread that completes the
 * remote future (Hazelcast's response thread). Not whenComplete or whenCompleteAsync: Hazelcast
 * wraps the stage they return in a new DelegatingCompletableFuture, which registers a callback of
 * its own on Hazelcast's default executor, and with ForkJoinPool.commonPool()'s parallelism at 1
 * (2 cores) that executor starts a platform thread per callback: a thread per remote task, which
 * made a trivial remote task cost twice Hazelcast's own round trip (C1, docs/benchmarks.md).
 * handleAsync returns the stage as it is. The same wait serves members and clients.
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
 * complete; a lifecycle listener sets instanceDown, which each wait reads as it begins, and fails
 * every wait in flight with a clear IllegalStateException, so that close() does not hang.
 */
final class Dispatch {

    private final HazelcastInstance hazelcast;
    private final String executorName;
    private final int retries;
    private final AtomicInteger next = new AtomicInteger();
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
    private final UUID listener;
    private final UUID self; // this endpoint (member or client), named in each task sent
    // null until the local instance begins to shut down; written by the lifecycle listener's
    // thread (Hazelcast's), read by every task's thread in run() and await().
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
            for (CompletableFuture<?> waiting : inFlight) {
                waiting.completeExceptionally(downWhilePending(down));
            }
        }
    }

    private static IllegalStateException downWhilePending(String down) {
        return new IllegalStateException(down + " while the task was pending");
    }

    /**
     * Runs {@code task} on a member and returns its result, as the body of a core task: retries a
     * lost run while retries are left.
     *
     * @throws InterruptedException if interrupted while waiting; the remote run is cancelled
     * @throws TaskLostException if the member left and no retry was left
     * @throws Exception whatever the task threw on the member, or an explained failure
     */
    <T extends @Nullable Object> T run(Callable<T> task) throws Exception {
        List<String> attempts = null; // only a loss allocates
        Set<Member> lostMembers = null;
        for (int attempt = 1; ; attempt++) {
            String down = instanceDown;
            if (down != null) {
                throw new IllegalStateException(down + ": the task was not sent");
            }
            Member member = pick(lostMembers);
            Future<T> remote = send(task, member);
            try {
                return await(remote);
            } catch (InterruptedException e) {
                remote.cancel(true); // interrupts the run on the member
                throw e;
            } catch (ExecutionException e) {
                Throwable cause = unwrap(e.getCause());
                boolean refused = cause instanceof MemberLeaving;
                if (!refused && !isLoss(cause)) {
                    throw explain(cause, task, member);
                }
                if (lostMembers == null) {
                    lostMembers = new HashSet<>(); // this thread's only
                }
                lostMembers.add(member);
                if (refused) { // nothing of it ran: send it elsewhere, whatever the retries
                    attempt--;
                    awaitAnotherMember(lostMembers);
                    continue;
                }
                if (attempts == null) {
                    attempts = new ArrayList<>();
                }
                attempts.add(member + " (" + cause.getClass().getSimpleName() + ")");
                if (attempt > retries) {
                    throw new TaskLostException(
                            "the task was lost: member "
                                    + member
                                    + " left the cluster before it ended; "
                                    + attempts.size()
                                    + " attempt(s): "
                                    + attempts,
                            attempts.size(),
                            cause);
                }
            }
        }
    }

    /**
     * Waits for the remote outcome on a CompletableFuture completed by the remote future's
     * callback, which an interrupt and the lifecycle listener end at once (see the notes above).
     *
     * @throws InterruptedException if interrupted while waiting
     * @throws ExecutionException with what the remote run threw
     * @throws IllegalStateException if the local instance shut down meanwhile
     */
    @SuppressWarnings("CollectionUndefinedEquality") // inFlight: identity, which futures have
    private <T extends @Nullable Object> T await(Future<T> remote)
            throws InterruptedException, ExecutionException {
        CompletableFuture<T> done = bridge(remote);
        inFlight.add(done);
        try {
            String down = instanceDown;
            if (down != null) {
                done.completeExceptionally(downWhilePending(down));
            }
            return done.get();
        } finally {
            inFlight.remove(done);
        }
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
     * Returns at once if a member outside {@code avoid} is in the cluster, else waits a little (the
     * member that refused is leaving; its successor, if any, is joining).
     */
    private void awaitAnotherMember(Set<Member> avoid) throws InterruptedException {
        if (avoid.containsAll(hazelcast.getCluster().getMembers())) {
            Thread.sleep(100); // rare: a leaving member was the only one; no event to wait on
            avoid.retainAll(hazelcast.getCluster().getMembers());
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

    @SuppressWarnings("unchecked")
    private static <T extends @Nullable Object> CompletableFuture<T> bridge(Future<T> remote) {
        CompletableFuture<T> done = new CompletableFuture<>();
        if (remote instanceof CompletionStage<?> stage) {
            // On the thread that completes the remote future (Hazelcast's response thread), and
            // through handleAsync, not whenComplete(Async): see the notes above.
            ((CompletionStage<T>) stage)
                    .handleAsync(
                            (value, failure) -> {
                                if (failure == null) {
                                    done.complete(value);
                                } else {
                                    done.completeExceptionally(unwrap(failure));
                                }
                                return null;
                            },
                            Runnable::run);
        } else { // Hazelcast 5's futures are all CompletionStages: another version is unsupported
            throw new IllegalStateException(
                    "a Hazelcast future that is not a CompletionStage: " + remote.getClass());
        }
        return done;
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
