package io.structex;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/*
 * Implementation notes: the pending count and termination of one executor.
 *
 * State, one volatile int (STATE):
 *   RUNNING -> SHUTDOWN       any shutdown method (shutDown)
 *   SHUTDOWN -> TERMINATED    the pending count is seen at zero (tryTerminate), once
 *
 * Pending count: two monotonic StripedCounters, `entered` (by submitters: each task, each
 * rejected attempt, map()'s reservations, and one unit per child executor that becomes busy) and
 * `exited` (by finishing tasks, rejected attempts, unused reservations, and children that become
 * idle); pending() = entered - exited, reading exited first (it can over-count while tasks
 * finish, never under-count: see StripedCounter). No single counter is shared by submitters and
 * finishing tasks (one contended cache line per task; see docs/benchmarks.md), so nobody sees
 * the count "reach zero"; the zero is looked for only where it matters:
 *   - once this executor or an ancestor shut down (`everyExitChecksIdle`, false -> true once),
 *     every exit reads pending() and, at zero, lets go and terminates. checkIdleOnEveryExit
 *     writes the flag and then reads pending(); an exit increments `exited` and then reads the
 *     flag (a Dekker pair): one of them sees the last exit.
 *   - before shutdown, the keeper (KeepAlive) looks at each busy executor every LINGER and lets
 *     go of one whose pending() reads zero (releaseIfIdle).
 * A submit increments `entered` and then re-reads the state; shutDown writes the state and then
 * reads pending() (in checkIdleOnEveryExit): a Dekker pair, so a submit that saw RUNNING is
 * always counted by the shutdown, and a submit that saw SHUTDOWN undoes (exits) and is rejected.
 * Whoever sees pending() zero while the state is SHUTDOWN terminates.
 *
 * Holding: while it has pending units, an executor holds two things, the JVM (its KeepAlive
 * registration, the exit promise) and, for a child, one unit of its parent's pending count and a
 * place among the parent's children (so that a parent terminates only after its children's
 * tasks, and its cancellation reaches them). `holding` says whether it holds them; it changes
 * only in reconcileHolding, under transitionLock, so that transitions apply in order.
 * `holdingSeen` mirrors it for the submit fast path: reconcileHolding writes it false *before*
 * reading pending(), and a submit increments `entered` *before* reading it (a Dekker pair), so a
 * submit that sees true is covered. Locks are taken child before parent, never the other way.
 *
 * Children: only busy ones are held (childBusy adds, childIdle removes). An idle child that
 * nobody references is garbage, however long its parent lives. When a submit makes it busy
 * again it joins the parent's children (under its lock), then, with no lock held, takes on what
 * its ancestors began meanwhile: exit checks after a shutdown, cancellation (followAncestors). An
 * ancestor writes those before it reads its children (a Dekker pair with the child's
 * add-then-read). A child opened by a background task counts as the parent's background work
 * (see BackgroundTasks), which then holds its unit.
 *
 * The KeepAlive registry is HOLDING (a non-daemon keeper: the exit promise) or, for an executor
 * opened with holdsJvmExit(false), WATCHING (a daemon keeper that only looks for the idle).
 */
final class Termination {

    static final int RUNNING = 0;
    static final int SHUTDOWN = 1;
    static final int TERMINATED = 2;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Termination.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final StructuredExecutor executor; // whose count this is: registered in KeepAlive
    private final @Nullable Termination parent; // the parent executor's, if any
    private final Runnable onTerminated; // the executor's last bookkeeping, run once
    private final KeepAlive keepAlive; // HOLDING, or WATCHING for holdsJvmExit(false)
    private final boolean ofBackgroundTask; // opened by a background task of the parent
    private final StripedCounter entered = new StripedCounter();
    private final StripedCounter exited = new StripedCounter();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final ReentrantLock transitionLock = new ReentrantLock();
    // The busy children; added and removed by the children's reconcileHolding (under their locks),
    // read by this executor's checkIdleOnEveryExit, cancellation and describe.
    private final Set<StructuredExecutor> children = ConcurrentHashMap.newKeySet();
    private final AtomicInteger busyChildren = new AtomicInteger(); // units of `entered` they hold

    // Written by shutDown (CAS) and tryTerminate (CAS); read by any thread.
    private volatile int state = RUNNING;
    // false -> true once, by checkIdleOnEveryExit (this executor's or an ancestor's shutdown); read
    // by exits.
    private volatile boolean everyExitChecksIdle;

    @GuardedBy("transitionLock")
    private boolean holding; // registered in KeepAlive, and counted by the parent (see the notes)

    // Mirrors holding for the submit fast path; written under transitionLock, read by submitters.
    private volatile boolean holdingSeen;

    // null -> the background tasks, once, under transitionLock (background); read by exits after a
    // shutdown.
    private volatile @Nullable BackgroundTasks background;

    Termination(
            StructuredExecutor executor,
            @Nullable Termination parent,
            KeepAlive keepAlive,
            boolean ofBackgroundTask,
            Runnable onTerminated) {
        this.executor = executor;
        this.parent = parent;
        this.keepAlive = keepAlive;
        this.ofBackgroundTask = ofBackgroundTask;
        this.onTerminated = onTerminated;
    }

    int state() {
        return state;
    }

    /** The state's name, for toString. */
    String stateName() {
        int s = state;
        return switch (s) {
            case RUNNING -> "RUNNING";
            case SHUTDOWN -> "SHUTDOWN";
            case TERMINATED -> "TERMINATED";
            default -> throw new IllegalStateException("impossible executor state " + s);
        };
    }

    /**
     * Tasks and busy child units entered and not exited; reads `exited` first, so it may over-count
     * exits that race it, never under-count.
     */
    long pending() {
        long out = exited.sum();
        return entered.sum() - out;
    }

    /** The pending count without the busy children's units: this executor's own tasks. */
    long pendingTasks() {
        return pending() - busyChildren.get();
    }

    /** Everything that ever entered the count (tasks, rejected attempts, reservations, units). */
    long enteredSum() {
        return entered.sum();
    }

    /** Counts {@code n} units as pending; a submitter then re-reads the state (see the notes). */
    void enter(int n) {
        if (n == 1) {
            entered.increment();
        } else {
            entered.add(n);
        }
    }

    /**
     * Makes sure a pending unit just entered holds the JVM and the parent: the submit fast path
     * reads one volatile boolean.
     *
     * @throws RejectedExecutionException if no keep-alive thread could be started
     */
    void ensureHolding() {
        if (!holdingSeen && reconcileHolding()) {
            followAncestors();
        }
    }

    /** Whether a submit would find this executor holding the JVM; for tests. */
    boolean holdingSeen() {
        return holdingSeen;
    }

    /** n pending units end: counted, and once every exit checks, the zero looked for. */
    void exit(long n) {
        assert n > 0L : n;
        exited.add(n);
        if (everyExitChecksIdle) {
            releaseIfIdle();
        }
    }

    /**
     * If nothing is pending, drops the keep-alive registration (and the parent's unit) and, after a
     * shutdown, terminates. Called by exits once every exit checks, by checkIdleOnEveryExit, and by
     * the keeper.
     */
    void releaseIfIdle() {
        if (pending() == 0L) {
            reconcileHolding();
            if (state == SHUTDOWN) {
                tryTerminate();
            }
        } else if (state != RUNNING) {
            BackgroundTasks b = background;
            if (b != null) {
                b.cancelIfAlone();
            }
        }
    }

    /** Whether pending tasks hold the JVM (holdsJvmExit). */
    boolean holdsJvmExit() {
        return keepAlive == KeepAlive.HOLDING;
    }

    /** Whether a background task of the parent opened this executor. */
    boolean ofBackgroundTask() {
        return ofBackgroundTask;
    }

    /** The background tasks, if any was ever submitted. */
    @Nullable BackgroundTasks background() {
        return background;
    }

    /** The background tasks, made by {@code make} at the first call. */
    BackgroundTasks background(Supplier<BackgroundTasks> make) {
        BackgroundTasks b = background;
        if (b != null) {
            return b;
        }
        transitionLock.lock();
        try {
            b = background;
            if (b == null) {
                background = b = make.get();
            }
            return b;
        } finally {
            transitionLock.unlock();
        }
    }

    /**
     * RUNNING -> SHUTDOWN, then every exit checks for idle, here and in the busy children.
     *
     * @return whether this call shut the executor down
     */
    boolean shutDown() {
        if (STATE.compareAndSet(this, RUNNING, SHUTDOWN)) {
            checkIdleOnEveryExit();
            return true;
        }
        return false;
    }

    /**
     * Makes every exit check for idle, here and in every busy child (whose idle state the parent's
     * termination waits for), then looks for the zero once: an exit that missed the mode is seen
     * here.
     */
    private void checkIdleOnEveryExit() {
        everyExitChecksIdle = true;
        for (StructuredExecutor child : children) {
            child.termination.checkIdleOnEveryExit();
        }
        releaseIfIdle();
    }

    /**
     * Brings the KeepAlive registration and the parent's count of this child in line with the
     * pending count, after a 0 -> 1 or 1 -> 0 transition (or a submit that saw holdingSeen false).
     *
     * @return whether this executor holds now (has pending units)
     * @throws RejectedExecutionException if no keep-alive thread could be started
     */
    private boolean reconcileHolding() {
        boolean nowBusy;
        transitionLock.lock();
        try {
            holdingSeen = false;
            nowBusy = pending() > 0L;
            if (nowBusy != holding) {
                holding = nowBusy;
                if (nowBusy) {
                    keepAlive.register(executor);
                    if (parent != null) {
                        parent.childBusy(executor, ofBackgroundTask);
                    }
                } else {
                    keepAlive.deregister(executor);
                    if (parent != null) {
                        parent.childIdle(executor, ofBackgroundTask);
                    }
                }
            }
            holdingSeen = nowBusy;
        } finally {
            transitionLock.unlock();
        }
        if (nowBusy) {
            keepAlive.ensureKeeper();
        }
        return nowBusy;
    }

    /**
     * After a submit made this executor busy, with no lock held: this executor, then each busy
     * ancestor in turn, takes on what its parent began while it was idle and so not among the
     * parent's children (see the notes). Bottom-up, since what an ancestor takes on (exit checks,
     * cancellation) reaches its busy children, this one among them. Not done under a transition
     * lock (childBusy runs under the child's): cancelling reaches other children's locks.
     */
    private void followAncestors() {
        for (Termination t = this; t.parent != null; t = t.parent) {
            Termination p = t.parent;
            if (p.everyExitChecksIdle && !t.everyExitChecksIdle) {
                t.checkIdleOnEveryExit();
            }
            t.executor.supervisor.followParent(p.executor);
        }
    }

    /** A child has pending tasks; a background task's child counts as background work. */
    private void childBusy(StructuredExecutor child, boolean ofBackgroundTask) {
        BackgroundTasks b = background;
        if (ofBackgroundTask && b != null) {
            b.childBusy(child); // which counts it here, under its lock
        } else {
            childBusy(child);
        }
    }

    private void childIdle(StructuredExecutor child, boolean ofBackgroundTask) {
        BackgroundTasks b = background;
        if (ofBackgroundTask && b != null) {
            b.childIdle(child); // which exits it here
        } else {
            childIdle(child);
        }
    }

    /** A child executor has pending tasks: they count as one pending unit of this executor. */
    void childBusy(StructuredExecutor child) {
        busyChildren.incrementAndGet();
        executor.counters.childUnit();
        entered.increment();
        children.add(child);
        if (!holdingSeen) {
            reconcileHolding(); // under the child's lock: the submitter follows the ancestors after
        }
    }

    void childIdle(StructuredExecutor child) {
        children.remove(child);
        busyChildren.decrementAndGet();
        exit(1L);
    }

    /** The busy children, a live, weakly consistent view. */
    Iterable<StructuredExecutor> children() {
        return children;
    }

    private void tryTerminate() {
        if (pending() == 0L && STATE.compareAndSet(this, SHUTDOWN, TERMINATED)) {
            assert busyChildren.get() == 0 : busyChildren;
            onTerminated.run();
            terminated.countDown();
        }
    }

    /**
     * Waits for termination; the first interrupt runs {@code cancel} (shutdownNow) and the wait
     * goes on; returns with the interrupt flag set if there was one.
     */
    void awaitCancellingOnInterrupt(Runnable cancel) {
        boolean interrupted = false;
        while (state != TERMINATED) {
            try {
                terminated.await();
            } catch (InterruptedException e) {
                if (!interrupted) {
                    cancel.run();
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits up to {@code nanos} for termination; if it has not come by then, or the wait is
     * interrupted, runs {@code cancel} (shutdownNow) and waits on as awaitCancellingOnInterrupt
     * does; returns with the interrupt flag set if there was an interrupt.
     *
     * @return whether it terminated in time, without {@code cancel}
     */
    boolean awaitWithinThenCancel(long nanos, Runnable cancel) {
        boolean interrupted = false;
        boolean inTime;
        try {
            inTime = terminated.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
            inTime = false;
        }
        if (!inTime) {
            cancel.run();
            awaitCancellingOnInterrupt(cancel);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return inTime;
    }

    /** The latch that opens at termination. */
    CountDownLatch terminated() {
        return terminated;
    }
}
