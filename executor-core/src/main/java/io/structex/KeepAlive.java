package io.structex;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/*
 * Implementation notes.
 *
 * The exit promise: the JVM must not exit while any task of any StructuredExecutor is pending.
 * Virtual threads are daemon threads, so one non-daemon platform thread, the keeper, stays alive
 * while any executor has pending tasks. Starting a platform thread costs a hundred times a
 * virtual thread's start (figures in docs/benchmarks.md), so the keeper is shared by all executors
 * and outlives a busy period by a short linger instead of being started per task.
 *
 * Registry: ACTIVE holds every executor with pending tasks, and for a short while after its last
 * one ended. The executor registers itself when a submit finds it unregistered, and deregisters
 * (Termination.reconcileHolding, under its transition lock) when its pending count is seen at
 * zero: by its own last exit once it is shut down, else by the keeper, which looks at every
 * registered executor at each wake-up (its pending count is striped, and nobody else sees it reach
 * zero cheaply): see the notes there.
 *
 * Keeper: its start/stop handshake is KeeperState (see there). The keeper wakes every LINGER; it
 * leaves only after a whole LINGER with no registration (the activity flag) and an empty registry.
 * Emptiness is read by iterating the map, never by size(): ConcurrentHashMap's size is an estimate
 * under concurrent updates and could read zero with one entry present.
 *
 * Exit latency: after the last task ends the keeper leaves within 2 * LINGER (3 * LINGER for an
 * executor never shut down: one more wake-up to see it idle).
 *
 * Two registries, each with its keeper: HOLDING, whose keeper is a non-daemon thread, for the
 * executors that hold the JVM (the default); WATCHING, whose keeper is a daemon thread, for those
 * opened with holdsJvmExit(false). The daemon keeper holds nothing: it only looks for the idle
 * executors that nobody else watches (see Termination's notes), as the other does.
 *
 * Rejected: a keeper per executor or per busy period (a platform thread start per submit(x).get()
 * loop iteration); unparking the keeper on every 1 -> 0 transition (a futex wake per task); a
 * shutdown hook alone (it cannot tell a return from main, where we must wait for ever, from
 * System.exit, where only the grace period applies, and tasks could no longer submit subtasks).
 */
final class KeepAlive {

    /** How long the keeper sleeps between looks at the registry. */
    static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    /** The executors that hold the JVM while they have pending tasks: a non-daemon keeper. */
    static final KeepAlive HOLDING = new KeepAlive(true);

    /** The executors opened with holdsJvmExit(false): a daemon keeper, that holds nothing. */
    static final KeepAlive WATCHING = new KeepAlive(false);

    private final ConcurrentHashMap<StructuredExecutor, Boolean> active = new ConcurrentHashMap<>();
    private final KeeperState keeper = new KeeperState(false);
    private final boolean holdsJvm; // whether the keeper is a non-daemon thread
    // Set by registrants (ensureKeeper), cleared and read by the keeper at each wake-up.
    private volatile boolean activity;
    private final AtomicInteger keeperStarts = new AtomicInteger();

    private KeepAlive(boolean holdsJvm) {
        this.holdsJvm = holdsJvm;
    }

    /** The registry for an executor that holds the JVM, or one that does not. */
    static KeepAlive of(boolean holdsJvmExit) {
        return holdsJvmExit ? HOLDING : WATCHING;
    }

    /** Registers an executor that has pending tasks. Called under its transition lock. */
    void register(StructuredExecutor executor) {
        active.put(executor, Boolean.TRUE);
    }

    /** Deregisters an executor that has no pending task left. Called under its transition lock. */
    void deregister(StructuredExecutor executor) {
        active.remove(executor);
    }

    /**
     * Makes sure a keeper runs. Called after registering an executor and before its task's thread
     * starts.
     *
     * @throws RejectedExecutionException if no keeper thread could be started
     */
    void ensureKeeper() {
        if (!activity) {
            activity = true;
        }
        if (keeper.claimStart()) {
            startKeeper();
        }
    }

    /** The executors with pending tasks, as a live, weakly consistent view. */
    Iterable<StructuredExecutor> active() {
        return active.keySet();
    }

    /** The executors with pending tasks in both registries; a live, weakly consistent view. */
    static Iterable<StructuredExecutor> allActive() {
        return () ->
                Stream.concat(HOLDING.active.keySet().stream(), WATCHING.active.keySet().stream())
                        .iterator();
    }

    /** How many keeper threads were started so far; for tests. */
    int keeperStarts() {
        return keeperStarts.get();
    }

    /** Whether a keeper thread is running or about to; for tests. */
    boolean keeperRunning() {
        return keeper.running();
    }

    private boolean anyActive() {
        return active.keySet().iterator().hasNext();
    }

    private void startKeeper() {
        keeperStarts.incrementAndGet();
        try {
            // daemon(false) explicitly for the holding keeper: a platform thread built from a
            // virtual thread would otherwise be a daemon, and hold nothing.
            Thread.ofPlatform()
                    .name(holdsJvm ? "structex-keepalive" : "structex-watch")
                    .daemon(!holdsJvm)
                    .inheritInheritableThreadLocals(false)
                    .start(this::keep);
        } catch (Throwable e) {
            keeper.startFailed();
            throw new RejectedExecutionException("cannot start the structex keep-alive thread", e);
        }
    }

    private void keep() {
        long wakes = 0;
        for (; ; ) {
            LockSupport.parkNanos(LINGER_NANOS);
            Thread.interrupted(); // nobody should interrupt us; if someone does, do not spin
            wakes++;
            for (StructuredExecutor executor : active.keySet()) {
                try {
                    executor.termination.releaseIfIdle();
                    executor.diagnostics.keeperSample(wakes);
                } catch (RuntimeException e) {
                    // cannot happen (we are the keeper, nothing to start); never die of it
                }
            }
            if (activity) {
                activity = false;
                continue;
            }
            if (!anyActive() && keeper.tryRetire(this::anyActive)) {
                return;
            }
        }
    }
}
