package io.structex.hazelcast;

import com.hazelcast.cluster.Member;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/*
 * Implementation notes: one task's remote run, attempt after attempt, as a stage.
 *
 * The stage of a core task without a thread (StructuredExecutor.submitAsync): Dispatch.start
 * sends the first attempt from the submitter's thread and returns this; a success completes it
 * on the thread that completed the remote future, a failure is handled on a virtual thread of its
 * own (see Dispatch), which completes this stage or, for a loss with retries left, or a refusal by
 * a leaving member, sends the next attempt. One attempt at a time, each sent by the handler of the
 * one before (or the submitter): `attempts`, `lost` and `attemptNo` are touched by one thread at a
 * time, each handing over to the next through the remote future's completion and the start of a
 * thread.
 *
 * cancel(true) does not complete this stage: it asks the member to interrupt the run, and the
 * stage completes (with a CancellationException) once that request returned, so that the task is
 * pending until its remote run was told to stop, as a thread waiting for it was before.
 * Hazelcast's cancel waits for the member's answer, and the core calls cancel on the cancelling
 * thread (the timeout's, a fail-fast scan's, the caller of shutdownNow), which must not wait for
 * a member: the request goes out from a virtual thread of its own. A cancel and a new attempt race as a
 * Dekker pair: cancel writes `cancelRequested` and then reads `current`; the sender writes `current`
 * and then reads `cancelRequested` (both volatile): one of them cancels the attempt (or both: a
 * second cancel of a Hazelcast future returns false). This overrides CompletableFuture.cancel
 * against its contract (done when cancel returns): the stage is seen only by the core, which waits
 * for its completion and never asks isDone after cancelling.
 */
final class RemoteRun<T extends @Nullable Object> extends CompletableFuture<T> {

    private final Set<RemoteRun<?>> inFlight; // the dispatcher's runs in flight: left at the end
    final Callable<?> task;
    private final boolean localResult; // the outcome on success is `result`, not the remote one
    private final @Nullable T result;
    // the attempt in flight, or null between attempts; written by the sender, read by cancel
    private volatile @Nullable Future<?> current;
    // the member of the last attempt sent, or null before the first; for toString (describe())
    private volatile @Nullable Member member;
    // set once by cancel (any thread), read by the sender before and after each send
    private volatile boolean cancelRequested;
    private int attemptNo; // see the notes: one thread at a time
    private @Nullable List<String> attempts; // only a loss allocates
    private @Nullable Set<Member> lost;

    RemoteRun(Set<RemoteRun<?>> inFlight, Callable<T> task) {
        this.inFlight = inFlight;
        this.task = task;
        this.localResult = false;
        this.result = null;
    }

    /** A run whose outcome on success is {@code result}, whatever the remote run returned. */
    RemoteRun(Set<RemoteRun<?>> inFlight, Callable<?> task, T result) {
        this.inFlight = inFlight;
        this.task = task;
        this.localResult = true;
        this.result = result;
    }

    /** The next attempt number; counts only attempts that may have run. */
    int nextAttempt() {
        return ++attemptNo;
    }

    /** A refused attempt (nothing of it ran) does not count. */
    void uncount() {
        attemptNo--;
    }

    /** The members that lost or refused this task, to avoid; null if none. */
    @Nullable Set<Member> lost() {
        return lost;
    }

    Set<Member> lose(Member member) {
        Set<Member> l = lost;
        if (l == null) {
            l = new HashSet<>();
            lost = l;
        }
        l.add(member);
        return l;
    }

    /** Records a lost attempt; returns every one so far. */
    List<String> recordLoss(String attempt) {
        List<String> a = attempts;
        if (a == null) {
            a = new ArrayList<>();
            attempts = a;
        }
        a.add(attempt);
        return a;
    }

    /**
     * Publishes the attempt just sent to cancel; cancels it if a cancel came first (the Dekker pair
     * of the notes).
     */
    void sent(Future<?> attempt, Member to) {
        member = to;
        current = attempt;
        if (cancelRequested) {
            cancelRemote(attempt);
        }
    }

    /**
     * An attempt ended: forgets it, so that a cancel from now on finds no attempt in flight and
     * leaves the stage to the sender.
     *
     * @return whether a cancel was asked for: the sender then ends the stage, cancelled, instead of
     *     sending another attempt
     */
    boolean attemptEnded() {
        current = null;
        return cancelRequested;
    }

    /**
     * Asks the member to interrupt the run, from a virtual thread; this stage completes when that
     * request returned. See the notes.
     *
     * @return false if this stage was done or a cancel already asked for
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (isDone() || cancelRequested) {
            return false;
        }
        cancelRequested = true;
        Future<?> attempt = current;
        if (attempt != null) {
            cancelRemote(attempt);
        }
        return true;
    }

    private void cancelRemote(Future<?> attempt) {
        Thread.ofVirtual()
                .name("structex-cluster-cancel")
                .start(
                        () -> {
                            try {
                                attempt.cancel(true); // interrupts the run on the member
                            } finally {
                                cancelled();
                            }
                        });
    }

    /** The run was told to stop (or no attempt is left to send): the stage ends cancelled. */
    void cancelled() {
        finish(null, new CancellationException("the remote run was cancelled"));
    }

    /** What describe() shows of a pending task: where it runs. */
    @Override
    public String toString() {
        Member m = member;
        return m == null ? "a remote run, not yet sent" : "its remote run on member " + m;
    }

    /** Completes this stage, once, and forgets it in the dispatcher's set of runs in flight. */
    @SuppressWarnings({
        "unchecked", // the remote run returns what the task returns: a T
        "CollectionUndefinedEquality" // inFlight: by identity, which runs have
    })
    void finish(@Nullable Object value, @Nullable Throwable failure) {
        inFlight.remove(this);
        if (failure == null) {
            super.complete(localResult ? result : (T) value);
        } else {
            super.completeExceptionally(failure);
        }
    }
}
