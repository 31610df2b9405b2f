package io.structex.hazelcast;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/*
 * Implementation notes: a member's graceful shutdown, as structex's tasks see it.
 *
 * Measured with Hazelcast 5.7 (ClusterFaultTest): a member that shuts down gracefully lets the
 * executor tasks it runs end, but the cluster has already seen it leave, so their callers get
 * MemberLeftException: a task that ran to its end was reported lost, and with retries ran twice.
 * So each member keeps one MemberDrain (per instance, made by the first structex task it runs):
 * a lifecycle listener that, on SHUTTING_DOWN, which Hazelcast fires on the shutting-down thread
 * before the member leaves, refuses new tasks (MemberLeaving: the submitter sends them elsewhere)
 * and waits until the running ones have ended and answered, at most GRACE_SECONDS (Hazelcast's own
 * default for a graceful shutdown, hazelcast.graceful.shutdown.max.wait). terminate() (and a
 * kill) does not wait: the listener looks for LifecycleServiceImpl.terminate on its stack, the
 * one place that tells the two apart.
 *
 * One lock guards the count and the flag: a task takes it twice, beside a network round trip.
 */
final class MemberDrain {

    static final long GRACE_SECONDS = 600;

    private static final ConcurrentHashMap<HazelcastInstance, MemberDrain> BY_MEMBER =
            new ConcurrentHashMap<>();

    private final String member;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();

    @GuardedBy("lock")
    private int running;

    @GuardedBy("lock")
    private boolean leaving;

    private MemberDrain(String member) {
        this.member = member;
    }

    /** The drain of {@code hazelcast}, made and registered with its first task. */
    static MemberDrain of(HazelcastInstance hazelcast) {
        return BY_MEMBER.computeIfAbsent(
                hazelcast,
                h -> {
                    MemberDrain drain = new MemberDrain(h.getName());
                    h.getLifecycleService()
                            .addLifecycleListener(event -> drain.onLifecycle(h, event));
                    return drain;
                });
    }

    /** A task begins. @throws MemberLeaving if the member is shutting down */
    void enter() {
        lock.lock();
        try {
            if (leaving) {
                throw new MemberLeaving(member);
            }
            running++;
        } finally {
            lock.unlock();
        }
    }

    /** A task that entered has ended (its result is sent after this: see onLifecycle). */
    void exit() {
        lock.lock();
        try {
            if (--running == 0) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private void onLifecycle(HazelcastInstance hazelcast, LifecycleEvent event) {
        if (event.getState() == LifecycleState.SHUTDOWN) {
            BY_MEMBER.remove(hazelcast, this);
        } else if (event.getState() == LifecycleState.SHUTTING_DOWN) {
            lock.lock();
            try {
                leaving = true;
                if (!terminating()) {
                    awaitIdle();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    @GuardedBy("lock") // the caller holds it; awaitNanos releases it while waiting
    private void awaitIdle() {
        long left = TimeUnit.SECONDS.toNanos(GRACE_SECONDS);
        boolean interrupted = false;
        while (running > 0 && left > 0) {
            try {
                left = idle.awaitNanos(left);
            } catch (InterruptedException e) {
                interrupted = true; // the shutdown goes on; the flag is restored below
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean terminating() {
        return StackWalker.getInstance()
                .walk(
                        frames ->
                                frames.anyMatch(
                                        f ->
                                                f.getMethodName().equals("terminate")
                                                        && f.getClassName()
                                                                .endsWith("LifecycleServiceImpl")));
    }
}
