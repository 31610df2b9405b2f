package io.structex;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/*
 * Implementation notes.
 *
 * A StructuredTask is both the future of one task and the body that the task's virtual thread
 * runs. It is FutureTask's algorithm written out, not inherited, because structex needs what
 * FutureTask cannot give: an atomic "cancel only if the body has not started" for
 * shutdown(cancelFutures=true), and a started state for running(). The JDK's FutureTask keeps a
 * running task in NEW; we give it a state of its own.
 *
 * State, one volatile int (STATE); the order matters: state > COMPLETING means done.
 *
 *   NEW -> RUNNING -> COMPLETING -> NORMAL | EXCEPTIONAL   the body returned or threw (or, in
 *                                                           bounded mode, no thread could be made)
 *   NEW -> CANCELLED                                        cancelled before the body started
 *   RUNNING -> CANCELLED                                    cancel(false) while it runs
 *   RUNNING -> INTERRUPTING -> INTERRUPTED                  cancel(true) while it runs
 *   CANCELLED -> INTERRUPTING -> INTERRUPTED                cancelAndInterrupt (shutdownNow and its
 *                                                           kin) on a body that runs on after a
 *                                                           cancel(false)
 *   CANCELLED -> INTERRUPTED                                bodyOver: the body is over, nothing is
 *                                                           left to interrupt
 * A cancel that finds COMPLETING waits through it (a few instructions), so that isDone() holds
 * once cancel returns, as Future promises. The runner waits through INTERRUPTING (bodyOver), so
 * that an interrupt lands in the body it was meant for, never in the next task on its thread.
 *
 * Waiting threads form a Treiber stack (waiters) of parked threads, as in FutureTask; a waiter
 * that times out or is interrupted unlinks itself so that polling with a timeout does not grow
 * the stack. Completion swaps the stack for nothing and unparks every waiter, then runs
 * the done-callbacks in the completing (or cancelling) thread; a StageTask completed by its stage
 * takes them to run on a thread of its own (succeedLeavingCallbacks).
 *
 * Claiming: the task's own thread claims it (NEW -> RUNNING) just before the body, except for a
 * task that waited for a maxConcurrency slot, which is claimed first by whoever starts a worker
 * thread for it, or by the worker that takes it from the queue. Exactly
 * one party moves a task out of NEW, and that party does the pending-count bookkeeping for a task
 * that never got a thread: the claimer, or the canceller of a queued task (cancelledBeforeStart).
 *
 * Rejected: extending FutureTask (no atomic cancel-if-not-started, its runner field is private);
 * a lock per future (an allocation and a monitor per task on the hot path).
 */
class StructuredTask<T extends @Nullable Object> implements TaskFuture<T>, Runnable {

    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int COMPLETING = 2;
    private static final int NORMAL = 3;
    private static final int EXCEPTIONAL = 4;
    private static final int CANCELLED = 5;
    private static final int INTERRUPTING = 6;
    private static final int INTERRUPTED = 7;

    private static final VarHandle STATE;
    private static final VarHandle WAITERS;
    private static final VarHandle CALLBACKS;
    private static final VarHandle RUNNER;
    private static final System.Logger LOGGER = System.getLogger("io.structex");

    /** Stands at the head of callbacks once they have been run: later ones run at once. */
    private static final CallbackNode CALLBACKS_RUN = new CallbackNode(f -> {}, null);

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(StructuredTask.class, "state", int.class);
            WAITERS = lookup.findVarHandle(StructuredTask.class, "waiters", WaitNode.class);
            CALLBACKS = lookup.findVarHandle(StructuredTask.class, "callbacks", CallbackNode.class);
            RUNNER = lookup.findVarHandle(StructuredTask.class, "runner", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // NEW; moved by CAS by the claimer, the runner (settle, bodyOver) and cancellers; read by any
    // thread (get, isDone, the executor's scans).
    private volatile int state;
    // The Callable until its body starts (read by the runner, and by originalTask for a task
    // cancelled before it started), then nothing, then the outcome (the value, or the Throwable),
    // published by the release write of NORMAL or EXCEPTIONAL. One field for both: they never
    // coexist, and the future is 40 bytes, as the JDK's executor's (M1, P6).
    private @Nullable Object payload;

    // null -> LAUNCHED (handed to a new thread; a plain write, which Thread.start publishes) ->
    // that thread, by CAS in run(); or null -> the maxConcurrency worker thread about to claim it
    // (bindRunner: a plain write, which the claim's CAS publishes). Read volatile.
    @SuppressWarnings("UnusedVariable") // accessed through RUNNER only
    private @Nullable Thread runner;

    private final @Nullable TaskHost owner; // null only for tests of the future alone
    // Pushed by waiting threads (CAS), swapped for null by the completing or cancelling thread.
    private volatile @Nullable WaitNode waiters;
    // null -> ... -> CALLBACKS_RUN, once: pushed by addDoneCallback (CAS), taken by completion.
    private volatile @Nullable CallbackNode callbacks;
    // TaskTable's index of it, plus one; 0 before it was added; own thread only (a StageTask's:
    // written by its submitter, read where its stage completes: see StageTask's notes)
    private int slot;

    /** Stands in `runner` for a task handed to a new thread that has not yet started it. */
    private static final Thread LAUNCHED = Thread.ofVirtual().unstarted(() -> {});

    /** A task of no executor, for tests of the future alone: run() does nothing. */
    StructuredTask(Callable<T> callable) {
        this(callable, null);
    }

    StructuredTask(Callable<T> callable, @Nullable TaskHost owner) {
        this.payload = callable;
        this.owner = owner;
    }

    /**
     * The body of the thread the executor started for this task: the executor's bookkeeping around
     * the body. The task is the thread's Runnable itself (no wrapper object per task). Runs only a
     * task that was {@linkplain #launched() launched}, and only once: as FutureTask.run does, the
     * first thread to claim the runner field runs it and any other call returns at once, so a
     * caller that found this Runnable through the future cannot run the bookkeeping twice.
     *
     * <p>The work around the body's call is in methods that C1 does not inline: this frame stays
     * under every parked task (see TaskHost's notes; M1).
     */
    @Override
    public final void run() {
        TaskHost executor = takeRunner();
        if (executor == null) {
            return;
        }
        boolean worker = executor.bounded(); // its tasks were claimed before they got this thread
        StructuredTask<?> task = this;
        do {
            @Nullable TaskEndEvent event = executor.beforeBody(task);
            try {
                Callable<?> body = task.takeBody(worker);
                if (body != null) {
                    Object value = null;
                    Throwable failure = null;
                    try {
                        value = body.call();
                    } catch (Throwable t) {
                        failure = t;
                    }
                    task.complete(value, failure);
                }
            } catch (Throwable completionFailed) { // the body's throws are its outcome, not this
                executor.afterBodyAbruptly(task, event);
                throw completionFailed;
            }
            task = executor.afterBody(task, event);
        } while (task != null);
    }

    /**
     * Claims the runner field for the current thread if this task was launched and not yet run.
     *
     * @return the executor whose bookkeeping then runs here; null if this call may not run it
     */
    private @Nullable TaskHost takeRunner() {
        TaskHost executor = owner;
        return executor != null
                        && RUNNER.getVolatile(this) == LAUNCHED
                        && RUNNER.compareAndSet(this, LAUNCHED, Thread.currentThread())
                ? executor
                : null;
    }

    /**
     * Marks this task as handed to a new thread, whose run() will claim it. Called before the
     * handing; a plain write, which Thread.start publishes to that thread (a caller of run()
     * elsewhere that does not see it does nothing, as it should).
     */
    final void launched() {
        RUNNER.set(this, LAUNCHED);
    }

    /**
     * Binds this task to the thread that will run it without run(): a maxConcurrency worker that
     * took it from the queue, before it claims it (or a test). A plain write: the claim's CAS (NEW
     * -> RUNNING) follows it, so a cancel(true) that sees RUNNING sees the thread too. (It was a
     * volatile write after the claim: one fence per task more; P5, BoundedBenchmark.)
     */
    final void bindRunner(Thread thread) {
        RUNNER.set(this, thread);
    }

    /** Records where TaskTable holds this task (its index plus one); called by its own thread. */
    final void slot(int indexPlusOne) {
        this.slot = indexPlusOne;
    }

    /** Where TaskTable holds this task, plus one; 0 if it was never added. */
    final int slot() {
        return slot;
    }

    /** The thread that runs (or ran) this task's body; null before one took it. */
    final @Nullable Thread runner() {
        Thread t = (Thread) RUNNER.getVolatile(this);
        return t == LAUNCHED ? null : t;
    }

    /**
     * Claims the task for running: NEW -> RUNNING. A task waiting for a maxConcurrency slot is
     * claimed by whoever starts a worker for it or the worker that takes it from the queue, so that
     * a cancel that wins the race has nothing left to undo.
     *
     * @return false if the task was cancelled first
     */
    final boolean claim() {
        return STATE.compareAndSet(this, NEW, RUNNING);
    }

    /**
     * Takes the body for its one run: claims the task first unless {@code claimed} (a worker's task
     * was claimed before it got the thread).
     *
     * @return the body, or null if the task was cancelled before it started (after waiting for a
     *     cancel(true) of a claimed task to finish its interrupt)
     */
    final @Nullable Callable<T> takeBody(boolean claimed) {
        if (!claimed && !claim()) {
            bodyOver(); // cancelled while NEW: no later cancelAndInterrupt may reach this thread
            return null;
        }
        Callable<T> c = body();
        payload = null;
        if (state != RUNNING) { // cancelled between its claim and the start of its thread
            bodyOver();
            return null;
        }
        return c;
    }

    /**
     * Completes this future with what its body returned or threw, unless a cancel got there first;
     * called by the thread that ran the body, which then waits for a cancel(true) to finish its
     * interrupt, so that the interrupt lands in this task and not in the executor's bookkeeping
     * that follows. (Kept above C1's inlining size, 35 bytes of bytecode: inlined into run() it
     * made run's frame, which stays under every parked task, 32 bytes larger.)
     */
    final void complete(@Nullable Object value, @Nullable Throwable failure) {
        boolean failed = failure != null;
        if (settle(failed ? failure : value, failed ? EXCEPTIONAL : NORMAL) && failure != null) {
            onFailure(failure);
        }
        bodyOver();
    }

    /**
     * RUNNING -> COMPLETING -> {@code terminal} with its outcome, then wakes the waiters and runs
     * the callbacks; nothing if a cancel got there first.
     *
     * @return whether this call completed the future
     */
    private boolean settle(@Nullable Object outcome, int terminal) {
        if (!setOutcome(outcome, terminal)) {
            return false;
        }
        finishCompletion();
        return true;
    }

    /**
     * RUNNING -> COMPLETING -> {@code terminal} with its outcome (the release store publishes it to
     * whoever reads the state), waking nobody yet.
     *
     * @return false if a cancel got there first
     */
    private boolean setOutcome(@Nullable Object outcome, int terminal) {
        if (!STATE.compareAndSet(this, RUNNING, COMPLETING)) {
            return false;
        }
        payload = outcome;
        STATE.setRelease(this, terminal);
        return true;
    }

    /**
     * Called by the thread that ran (or skipped) the body, once it is over: closes the window in
     * which cancelAndInterrupt may still interrupt the body of a task cancelled without interrupt
     * (CANCELLED -> INTERRUPTED: nothing more to interrupt), and waits for an interrupt under way
     * to land, so that it lands in this task and not in the bookkeeping or the next task that
     * follow on this thread.
     */
    private void bodyOver() {
        for (int s = state; ; s = state) {
            if (s == CANCELLED) {
                if (STATE.compareAndSet(this, CANCELLED, INTERRUPTED)) {
                    return;
                }
            } else if (s == INTERRUPTING) {
                Thread.onSpinWait();
            } else {
                return;
            }
        }
    }

    /**
     * Runs the body of a claimed task as run() does, without an executor: for tests of the future
     * alone. (run() does not call this: one frame more under every parked task.)
     */
    final void runClaimedBody() {
        Callable<T> body = takeBody(true);
        if (body != null) {
            T value = null;
            Throwable failure = null;
            try {
                value = body.call();
            } catch (Throwable t) {
                failure = t;
            }
            complete(value, failure);
        }
    }

    /** Whether this is a background task (submitBackground). */
    final boolean background() {
        TaskHost host = owner;
        return host != null && host.runsBackground();
    }

    /** Whether the body returned normally and completed this future with its value. */
    final boolean succeeded() {
        return state == NORMAL;
    }

    /** What the body threw, if it completed this future exceptionally; null otherwise. */
    final @Nullable Throwable failure() {
        return state == EXCEPTIONAL ? (Throwable) payload : null;
    }

    /** The body of a task that has not run yet: the payload until then. */
    @SuppressWarnings("unchecked")
    private Callable<T> body() {
        return (Callable<T>) Objects.requireNonNull(payload, "the body runs once");
    }

    /** Fails a claimed task that could not be given a thread. */
    final void failClaimed(Throwable failure) {
        payload = null;
        settle(failure, EXCEPTIONAL);
    }

    /**
     * The task as a {@link Runnable} that runs the original task, for shutdownNow(); meaningful
     * only for a task that never started.
     */
    final Runnable originalTask() {
        int s = state;
        if (s == NORMAL || s == EXCEPTIONAL || payload == null) {
            return () -> {}; // it ran: the payload is its outcome, or nothing
        }
        Callable<T> c = body();
        if (c instanceof RunnableCall<T> call) {
            return call.task();
        }
        return () -> {
            try {
                c.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        };
    }

    /** Called in the runner thread when the body threw and that failure completed the future. */
    void onFailure(Throwable failure) {}

    /**
     * Cancels this task if its body has not started; never interrupts.
     *
     * @return true if this call cancelled it
     */
    final boolean cancelIfNotStarted() {
        if (STATE.compareAndSet(this, NEW, CANCELLED)) {
            finishCompletion();
            cancelledBeforeStart();
            return true;
        }
        return false;
    }

    /**
     * A task of a maxConcurrency executor waits in its queue, without a thread, until it is
     * claimed: cancelled before that, its canceller tells the executor, since no thread of its own
     * ever will. An unbounded task's thread exists already and does its own bookkeeping.
     */
    private void cancelledBeforeStart() {
        TaskHost executor = owner;
        if (executor != null && executor.bounded()) {
            executor.queuedTaskCancelled();
        }
    }

    /**
     * Attempts to cancel this task. A task whose body has not started is cancelled and never runs.
     * A running task is marked cancelled and, if {@code mayInterruptIfRunning}, its thread is
     * interrupted; it stays pending in its executor until its thread ends.
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean interrupted = false;
        for (; ; ) {
            int s = state;
            if (s == NEW) {
                if (STATE.compareAndSet(this, NEW, CANCELLED)) {
                    finishCompletion();
                    cancelledBeforeStart();
                    return true;
                }
            } else if (s == RUNNING) {
                if (mayInterruptIfRunning) {
                    if (interruptFrom(RUNNING)) {
                        interrupted = true;
                        break;
                    }
                } else if (STATE.compareAndSet(this, RUNNING, CANCELLED)) {
                    break;
                }
            } else if (s == COMPLETING) {
                // Lost to the completion, which takes a few instructions: Future promises isDone()
                // once cancel returns (FutureTask counts COMPLETING as done for that reason).
                Thread.onSpinWait();
            } else {
                return false;
            }
        }
        finishCompletion();
        if (interrupted) {
            cancelledWithInterrupt();
        }
        return true;
    }

    /**
     * Called by the canceller once this task, whose body had started, was cancelled with interrupt
     * and its future is done: a task whose body runs on no thread of its own (StageTask) cancels
     * its work here. Nothing for a task with a thread: the interrupt was its cancel.
     */
    void cancelledWithInterrupt() {}

    /** Whether a cancel with interrupt reached this task: INTERRUPTING or INTERRUPTED. */
    final boolean interruptRequested() {
        int s = state;
        return s == INTERRUPTING || s == INTERRUPTED;
    }

    /**
     * {@code from} -> INTERRUPTING, interrupts the runner, -> INTERRUPTED; the runner waits through
     * INTERRUPTING (bodyOver), so the interrupt lands in this task's body.
     *
     * @return false if the state was no longer {@code from}
     */
    private boolean interruptFrom(int from) {
        if (!STATE.compareAndSet(this, from, INTERRUPTING)) {
            return false;
        }
        try {
            Thread t = runner();
            if (t != null) {
                Shields.deliver(t); // interrupts it, unless it is in a shielded body
            }
        } finally {
            STATE.setRelease(this, INTERRUPTED);
        }
        return true;
    }

    /**
     * For the executor's cancelEverything (shutdownNow and its kin), on a task found in its table
     * of running tasks: cancels it with interrupt if its body runs, and interrupts the body of a
     * task that was cancelled without interrupt ({@code cancel(false)}) and still runs, as the
     * JDK's executor interrupts every thread it started. A task not yet started is left alone (the
     * caller cancels those and returns them from shutdownNow). The interrupt lands in the body: the
     * runner waits in bodyOver until it has.
     */
    final void cancelAndInterrupt() {
        for (; ; ) {
            int s = state;
            if (s == RUNNING || s == CANCELLED) {
                if (interruptFrom(s)) {
                    if (s == RUNNING) {
                        finishCompletion();
                    }
                    cancelledWithInterrupt();
                    return;
                }
            } else if (s == COMPLETING) {
                Thread.onSpinWait();
            } else {
                return;
            }
        }
    }

    @Override
    public boolean isCancelled() {
        return state >= CANCELLED;
    }

    @Override
    public boolean isDone() {
        return state > COMPLETING;
    }

    @Override
    public boolean running() {
        int s = state;
        return s == RUNNING || s == COMPLETING;
    }

    @Override
    public State state() {
        return switch (state) {
            case NEW, RUNNING, COMPLETING -> State.RUNNING;
            case NORMAL -> State.SUCCESS;
            case EXCEPTIONAL -> State.FAILED;
            case CANCELLED, INTERRUPTING, INTERRUPTED -> State.CANCELLED;
            default -> throw new IllegalStateException("impossible task state " + state);
        };
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        int s = state;
        if (s <= COMPLETING) {
            if (s == NEW) {
                runHereIfQueued();
            }
            s = awaitDone(false, 0L);
        }
        return report(s);
    }

    /**
     * A task of a maxConcurrency executor that waits, untimed, for a sibling still queued for a
     * slot runs it itself, on its own thread and slot (as a ForkJoinPool join helps): n running
     * tasks that each wait for a queued sibling would otherwise wait for ever. Rare: only a get()
     * or exception() that finds this task NEW comes here; a timed wait does not help (it ends by
     * itself).
     */
    private void runHereIfQueued() {
        TaskHost executor = owner;
        if (executor != null && executor.bounded() && !Thread.currentThread().isInterrupted()) {
            executor.runQueuedHere(this);
        }
    }

    /**
     * Binds a task claimed off the queue by a sibling that runs it (runQueuedHere): a volatile
     * write after the claim, so that a cancel(true) sees either no runner (and the body is then
     * skipped: takeBody sees the cancel) or this one.
     */
    final void runOn(Thread thread) {
        RUNNER.setVolatile(this, thread);
    }

    @Override
    public T get(long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        long nanos = unit.toNanos(timeout);
        int s = state;
        if (s <= COMPLETING && (s = awaitDone(true, nanos)) <= COMPLETING) {
            throw new TimeoutException("task not done after " + Durations.format(timeout, unit));
        }
        return report(s);
    }

    @Override
    public T get(Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        return get(nonNegativeNanos(timeout), TimeUnit.NANOSECONDS);
    }

    @Override
    public @Nullable Throwable exception() throws InterruptedException {
        int s = state;
        if (s <= COMPLETING) {
            if (s == NEW) {
                runHereIfQueued();
            }
            s = awaitDone(false, 0L);
        }
        return reportException(s);
    }

    @Override
    public @Nullable Throwable exception(Duration timeout)
            throws InterruptedException, TimeoutException {
        long nanos = nonNegativeNanos(timeout);
        int s = state;
        if (s <= COMPLETING && (s = awaitDone(true, nanos)) <= COMPLETING) {
            throw new TimeoutException("task not done after " + Durations.format(nanos));
        }
        return reportException(s);
    }

    private @Nullable Throwable reportException(int s) {
        if (s >= CANCELLED) {
            throw new CancellationException("task was cancelled");
        }
        return s == EXCEPTIONAL ? (Throwable) payload : null;
    }

    static long nonNegativeNanos(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("negative timeout: " + timeout);
        }
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public CompletableFuture<T> toCompletableFuture() {
        LinkedCompletableFuture<T> linked = new LinkedCompletableFuture<>(this);
        addDoneCallback(linked::completeFrom);
        return linked;
    }

    // payload holds the body's result, a T, which is null when T is a nullable type (the cast is
    // FutureTask's; NullAway cannot see that a T read back from an Object field may be null by
    // type)
    @SuppressWarnings({"unchecked", "NullAway"})
    private T report(int s) throws ExecutionException {
        Object x = payload;
        if (s == NORMAL) {
            return (T) x;
        }
        if (s >= CANCELLED) {
            throw new CancellationException("task was cancelled");
        }
        assert x != null;
        throw new ExecutionException((Throwable) x);
    }

    private void finishCompletion() {
        wakeWaiters();
        CallbackNode inOrder = takeCallbacks();
        if (inOrder != null) {
            runCallbacks(inOrder);
        }
    }

    private void wakeWaiters() {
        for (WaitNode q; (q = waiters) != null; ) {
            if (WAITERS.weakCompareAndSet(this, q, null)) {
                for (; q != null; q = q.next) {
                    Thread t = q.thread;
                    if (t != null) {
                        q.thread = null;
                        LockSupport.unpark(t);
                    }
                }
                break;
            }
        }
    }

    @Override
    public void addDoneCallback(Consumer<? super TaskFuture<T>> callback) {
        Objects.requireNonNull(callback, "callback");
        if (state > COMPLETING) {
            // Done: run here, even if the completing thread has not yet run the earlier callbacks
            // (it sets the state and wakes get() before it takes the callback stack).
            runCallback(callback);
            return;
        }
        CallbackNode node = null;
        for (; ; ) {
            CallbackNode head = callbacks;
            if (head == CALLBACKS_RUN) {
                runCallback(callback);
                return;
            }
            if (node == null) {
                node = new CallbackNode(callback, head);
            } else {
                node.next = head;
            }
            if (CALLBACKS.compareAndSet(this, head, node)) {
                return;
            }
        }
    }

    /**
     * Takes the done-callbacks, once: those added from now on run at once, in the adding thread.
     *
     * @return the callbacks in the order they were added, or null if none
     */
    private @Nullable CallbackNode takeCallbacks() {
        CallbackNode stack = (CallbackNode) CALLBACKS.getAndSet(this, CALLBACKS_RUN);
        if (stack == CALLBACKS_RUN) {
            return null;
        }
        CallbackNode inOrder = null; // the stack holds the newest first: reverse it
        while (stack != null) {
            CallbackNode next = stack.next;
            stack.next = inOrder;
            inOrder = stack;
            stack = next;
        }
        return inOrder;
    }

    /** Runs callbacks taken by takeCallbacks, in order, in this thread. */
    final void runCallbacks(CallbackNode inOrder) {
        for (CallbackNode c = inOrder; c != null; c = c.next) {
            runCallback(c.callback);
        }
    }

    /**
     * complete(value, null), for a StageTask on the thread that completed its stage: completes the
     * future and wakes its waiters, but returns the done-callbacks instead of running them, for the
     * caller to run elsewhere (StageTask's notes); nothing if a cancel got there first.
     *
     * @return the callbacks in the order they were added, or null if none (or a cancel won)
     */
    final @Nullable CallbackNode succeedLeavingCallbacks(@Nullable Object value) {
        CallbackNode left = null;
        if (setOutcome(value, NORMAL)) {
            wakeWaiters();
            left = takeCallbacks();
        }
        bodyOver();
        return left;
    }

    @SuppressWarnings("unchecked")
    private void runCallback(Consumer<?> callback) {
        try {
            ((Consumer<? super TaskFuture<T>>) callback).accept(this);
        } catch (Throwable failure) {
            LOGGER.log(System.Logger.Level.WARNING, "done-callback of " + this + " threw", failure);
        }
    }

    /*
     * Adapted from FutureTask.awaitDone, whose reasons hold here: the code is delicate, to call
     * nanoTime exactly once for each call to park; if nanos <= 0, to return promptly without
     * allocation or nanoTime; if nanos == Long.MAX_VALUE and nanoTime is not monotonic, after a
     * spurious wakeup, to do no worse than park-spin for a while. Thread.yield() spins only
     * through COMPLETING, a few instructions long. The node is queued only after a first pass,
     * so that a future already done costs no allocation.
     */
    @SuppressWarnings("ThreadPriorityCheck")
    private int awaitDone(boolean timed, long nanos) throws InterruptedException {
        long startTime = 0L;
        WaitNode q = null;
        boolean queued = false;
        for (; ; ) {
            int s = state;
            if (s > COMPLETING) {
                if (q != null) {
                    q.thread = null;
                }
                return s;
            } else if (s == COMPLETING) {
                Thread.yield();
            } else if (Thread.interrupted()) {
                removeWaiter(q);
                throw new InterruptedException();
            } else if (q == null) {
                if (timed && nanos <= 0L) {
                    return s;
                }
                q = new WaitNode();
            } else if (!queued) {
                q.next = waiters;
                queued = WAITERS.weakCompareAndSet(this, q.next, q);
            } else if (timed) {
                long parkNanos;
                if (startTime == 0L) {
                    startTime = System.nanoTime();
                    if (startTime == 0L) {
                        startTime = 1L;
                    }
                    parkNanos = nanos;
                } else {
                    long elapsed = System.nanoTime() - startTime;
                    if (elapsed >= nanos) {
                        removeWaiter(q);
                        return state;
                    }
                    parkNanos = nanos - elapsed;
                }
                if (state < COMPLETING) {
                    LockSupport.parkNanos(this, parkNanos);
                }
            } else {
                LockSupport.park(this);
            }
        }
    }

    /**
     * Unlinks a timed-out or interrupted waiter and any other node whose thread left, so that
     * polling with timeouts does not accumulate garbage. As FutureTask.removeWaiter: internal nodes
     * are unspliced without CAS, harmless since releasers may traverse them anyway; to avoid
     * unsplicing from a node already removed, the list is traversed again after an apparent race.
     * Slow with many nodes, but the lists are not expected to be long enough to pay for a costlier
     * scheme.
     */
    private void removeWaiter(@Nullable WaitNode node) {
        if (node == null) {
            return;
        }
        node.thread = null;
        retry:
        for (; ; ) {
            for (WaitNode pred = null, q = waiters, s; q != null; q = s) {
                s = q.next;
                if (q.thread != null) {
                    pred = q;
                } else if (pred != null) {
                    pred.next = s;
                    if (pred.thread == null) {
                        continue retry;
                    }
                } else if (!WAITERS.compareAndSet(this, q, s)) {
                    continue retry;
                }
            }
            break;
        }
    }

    @Override
    public String toString() {
        String status =
                switch (state) {
                    case NEW -> "Not started";
                    case RUNNING, COMPLETING -> "Running";
                    case NORMAL -> "Completed normally";
                    case EXCEPTIONAL -> "Completed exceptionally: " + payload;
                    default -> "Cancelled";
                };
        Thread t = runner();
        String thread = t == null || t.getName().isEmpty() ? "" : " on " + t.getName();
        return "TaskFuture@"
                + Integer.toHexString(System.identityHashCode(this))
                + "["
                + status
                + thread
                + "]";
    }

    /** A done-callback waiting for completion. */
    static final class CallbackNode {
        final Consumer<?> callback;
        @Nullable CallbackNode next; // published by the CAS that pushes the node

        CallbackNode(Consumer<?> callback, @Nullable CallbackNode next) {
            this.callback = callback;
            this.next = next;
        }
    }

    /** A thread parked in get(); its thread is cleared when it leaves. */
    static final class WaitNode {
        volatile @Nullable Thread thread = Thread.currentThread();
        @Nullable WaitNode next; // published by the CAS that pushes or unlinks the node
    }
}
