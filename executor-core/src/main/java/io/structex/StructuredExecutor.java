package io.structex;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * An {@link ExecutorService} with the semantics of Python's
 * {@code concurrent.futures.ThreadPoolExecutor}, that runs each task on its own new virtual thread
 * (with {@link Builder#maxConcurrency maxConcurrency n}, on one of at most n virtual worker
 * threads, as Python's workers) and keeps Python's promise that the program does not exit while a submitted task is pending.
 *
 * {@snippet class=io.structex.Snippets region=copyFiles}
 *
 * <p>A structured scope: both calls, or neither, in two seconds at most.
 *
 * {@snippet class=io.structex.Snippets region=structured}
 *
 * <p><b>Pending tasks.</b> A task is pending from {@code submit} until its thread has finished, also
 * when its future was cancelled while it ran. {@link #close()} waits for every pending task; the JVM
 * does not exit while any task of any {@code StructuredExecutor} is pending: not after
 * {@link #shutdown(boolean) shutdown(false)}, not when the executor is never shut down or becomes
 * unreachable, not when {@code main} throws. Virtual threads are daemon threads, so structex keeps
 * one non-daemon platform thread, shared by all executors, alive while any task is pending and for at
 * most about 60 ms after the last one ends (40 ms if its executor was shut down).
 *
 * <p><b>Shutdown.</b> After any shutdown, {@code submit} and {@code execute} throw
 * {@link RejectedExecutionException} ("cannot schedule new futures after shutdown"). A submit that
 * races a shutdown either starts its task or is rejected; it never loses it. Shutting down is
 * idempotent and may be done in any order, from any thread.
 *
 * <p><b>JVM shutdown.</b> If the JVM is asked to exit ({@code System.exit}, SIGTERM) while tasks are
 * pending, each executor's tasks get its {@linkplain Builder#shutdownGracePeriod grace period} to
 * finish, then the JVM exits with the requested status; tasks still pending are logged (how many,
 * and the first 20 by thread name) through {@link System.Logger} ({@code io.structex}) and on
 * {@code System.err}. From the moment the JVM begins to shut down, submissions are rejected
 * ("cannot schedule new futures after interpreter shutdown"). A task that itself calls
 * {@code System.exit} does not make the JVM wait for it.
 *
 * <p><b>Options.</b> {@link #builder()} adds Python's {@code max_workers}
 * ({@link Builder#maxConcurrency maxConcurrency}) and thread names, and what structured concurrency
 * adds: {@linkplain Builder#failFast fail-fast} scopes, {@linkplain Builder#timeout deadlines}, and
 * child scopes (an executor opened inside a task of another is its child, see
 * {@link Builder#open()}). {@link #stats()}, {@link #describe()} and {@link #toString()} show what
 * it is doing.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread before it submits a task
 * <i>happen-before</i> the task's body starts; actions of a task <i>happen-before</i> a successful
 * return from its future's {@code get}, and <i>happen-before</i> {@link #close()},
 * {@link #shutdown(boolean) shutdown(true)} or a successful {@link #awaitTermination awaitTermination}
 * returns.
 */
public final class StructuredExecutor implements ExecutorService {

    /*
     * Implementation notes.
     *
     * State, one volatile int (STATE):
     *   RUNNING -> SHUTDOWN       any shutdown method
     *   SHUTDOWN -> TERMINATED    the pending count is zero (by the last task's exit or the shutdown)
     *
     * Pending count: two monotonic StripedCounters, `entered` (by submitters: each task, each
     * rejected attempt, and one unit per child executor that becomes busy) and `exited` (by
     * finishing tasks, rejected attempts, and children that become idle); pending() = entered -
     * exited, reading exited first (it can over-count while tasks finish, never under-count: see
     * StripedCounter). There is no single counter that submitters and finishing tasks share: on 2
     * cores that one cache line cost about 70 ns per task. So nobody sees the count "reach zero";
     * the zero is looked for only where it matters:
     *   - exact mode (volatile boolean `exact`, false -> true once): after this executor or an
     *     ancestor shut down, every exit then reads pending() and, at zero, reconciles and
     *     terminates. Setting it writes `exact` and then reads pending(); an exit increments
     *     `exited` and then reads `exact` (a Dekker pair): one of them sees the last exit.
     *   - before shutdown, the keeper (KeepAlive) looks at each busy executor every LINGER and
     *     reconciles one whose pending() reads zero: an idle executor that was never shut down
     *     stops holding the JVM within about 3 * LINGER (60 ms), one that was within 2 * LINGER.
     * submit increments `entered` and then re-reads state; shutdown writes state and then reads
     * pending(): a Dekker pair, so a submit that saw RUNNING is always counted by the shutdown, and
     * a submit that saw SHUTDOWN undoes (exits) and is rejected. Whoever sees pending() zero while
     * the state is SHUTDOWN terminates.
     * map() submits many items from one thread: it reserves their counts in `entered` up to
     * RESERVATION at a time (reserve), submits each against the reservation (submitReserved: the
     * same state check, which the reservation's increment precedes, so the Dekker pair holds) and
     * gives back what it did not use (releaseReserved: an exit of that many). One fenced update per
     * RESERVATION items instead of one per item: the fence also drains the stores of the task's
     * allocations, and was about a fifth of the submitting thread's time in P4 (MapBenchmark):
     * harness, submit phase 192-277 -> 143-185 ns per item, JDK 147-166. The price: while map()
     * submits, pendingCount() and stats() may count up to RESERVATION - 1 items not yet submitted.
     *
     * Threads: each task's thread is started by `threads`, a JDK ThreadPerTaskExecutor of our own,
     * so that thread dumps group an executor's threads in one container (nested under the
     * container of the task that opened the executor); the task itself is the thread's Runnable.
     * With maxConcurrency, a thread is a worker that runs waiting tasks one after the other
     * (StructuredTask.run). A task adds itself to `tasks` (a TaskTable) from inside its thread, then reads
     * cancelMode; a cancelling scan writes cancelMode and then reads `tasks` (a Dekker pair): a
     * task is either seen by the scan or sees the mode, and cancels itself.
     *
     * Busy transitions: when a submit finds keptAlive false, or pending() is seen at zero (above),
     * reconcileBusy() brings two facts in line with the count, under transitionLock so that
     * transitions apply in order: the KeepAlive registration (the exit promise) and, for a child,
     * its unit in the parent's pending count (so that a parent terminates only after its children's
     * tasks). keptAlive mirrors `busy` for the submit fast path; reconcileBusy writes it false
     * *before* reading pending(), and submit increments `entered` *before* reading keptAlive (a
     * Dekker pair), so a submit that sees true is covered (the keeper's idle check is a
     * reconcileBusy too). Locks are taken child before parent, never the other way.
     *
     * Counters per executor, not per JVM: executors do not contend with each other.
     *
     * Rejected: extending AbstractExecutorService (its submit makes a FutureTask, we need our own
     * future); a lock around submit (it would serialise concurrent submitters); a ThreadLocal for
     * "the executor of the current task" (a ThreadLocalMap per virtual thread, on every task) and a
     * search of the active executors at every open() (O(executors) per request in a server that
     * opens a scope per request): our threads carry a TaskThreadMark instead, set by the factory.
     */

    private static final int RUNNING = 0;
    private static final int SHUTDOWN = 1;
    private static final int TERMINATED = 2;

    // cancelMode: NONE -> NOT_STARTED (shutdown with cancelFutures) -> ALL (shutdownNow and friends)
    private static final int CANCEL_NONE = 0;
    private static final int CANCEL_NOT_STARTED = 1;
    private static final int CANCEL_ALL = 2;

    private static final VarHandle STATE;
    private static final VarHandle CANCEL_MODE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(StructuredExecutor.class, "state", int.class);
            CANCEL_MODE = lookup.findVarHandle(StructuredExecutor.class, "cancelMode", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final @Nullable String name;
    private final ExecutorService threads;
    private final long shutdownGraceNanos;
    private final boolean failFast;
    private final @Nullable TaskDecorator decorator;
    private final TaskTable tasks = new TaskTable();
    private final @Nullable Slots slots; // null: unbounded
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final Failures failures = new Failures();
    private final @Nullable StructuredExecutor parent;
    private final Set<StructuredExecutor> children = ConcurrentHashMap.newKeySet();
    private final AtomicInteger busyChildren = new AtomicInteger();
    private final ReentrantLock transitionLock = new ReentrantLock();
    private final Counters counters = new Counters();
    private final ExecutorCloseEvent closeEvent = new ExecutorCloseEvent(); // begun at open

    /** Whether any executor was built with a custom thread factory (its threads may be platform). */
    private static volatile boolean customThreadFactories;

    private final StripedCounter entered = new StripedCounter();
    private final StripedCounter exited = new StripedCounter();

    private volatile int state; // RUNNING
    private volatile boolean exact; // false -> true once: exits look for the zero
    private volatile int cancelMode = CANCEL_NONE; // only raised: raiseCancelMode
    private boolean busy; // guarded by transitionLock: registered in KeepAlive, counted by parent
    /** Mirrors busy for the submit fast path; see the notes on busy transitions. */
    volatile boolean keptAlive;

    private StructuredExecutor(Builder builder) {
        this.name = builder.name;
        Thread.Builder.OfVirtual virtual = Thread.ofVirtual()
                .inheritInheritableThreadLocals(builder.inheritInheritableThreadLocals)
                .uncaughtExceptionHandler(new TaskThreadMark(this));
        ThreadFactory factory = builder.threadFactory != null ? builder.threadFactory
                : builder.name == null ? virtual.factory() : virtual.name(builder.name + "-", 1).factory();
        this.threads = Executors.newThreadPerTaskExecutor(factory);
        this.shutdownGraceNanos = builder.shutdownGracePeriod.toNanos();
        this.failFast = builder.failFast;
        this.decorator = builder.decorator;
        this.slots = builder.maxConcurrency == 0 ? null : new Slots(builder.maxConcurrency);
        JvmShutdown.registerHook();
        this.parent = currentTaskExecutor();
        closeEvent.begin();
    }

    /** Links to the parent, and starts the timeout's clock; after construction (this escapes). */
    private StructuredExecutor start(@Nullable Duration timeout) {
        if (timeout != null) {
            long nanos = timeout.toNanos();
            Thread.ofVirtual().name("structex-timeout").inheritInheritableThreadLocals(false)
                    .start(() -> expireAfter(nanos));
        }
        return this;
    }

    /**
     * The executor whose task the calling thread runs, if any: the parent of an executor opened
     * here. O(1) through the thread's mark; only threads of custom factories (which carry none) are
     * looked for among the executors with pending tasks (the current task's is one of them).
     */
    private static @Nullable StructuredExecutor currentTaskExecutor() {
        StructuredExecutor marked = TaskThreadMark.ofCurrentThread();
        if (marked != null || !customThreadFactories) {
            return marked;
        }
        Thread current = Thread.currentThread();
        for (StructuredExecutor e : KeepAlive.active()) {
            if (e.tasks.containsThread(current)) {
                return e;
            }
        }
        return null;
    }

    private void expireAfter(long nanos) {
        try {
            if (terminated.await(nanos, TimeUnit.NANOSECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            return;
        }
        if (state != TERMINATED && pending() > 0L) {
            failures.timedOut(nanos, pendingCount(), taskThreadNames(Failures.NAMED_TASKS));
        }
        initiateShutdown();
        cancelEverything();
    }

    /**
     * Opens an executor with the default settings: unnamed, unbounded, with the default
     * {@linkplain Builder#shutdownGracePeriod shutdown grace period}. Does not block.
     *
     * @return a new executor, running
     */
    public static StructuredExecutor open() {
        return new Builder().open();
    }

    /**
     * Counts the running task bodies (the TaskTable); in an unbounded executor that count is also
     * a sample of the peak (a maxConcurrency executor counts its workers exactly as they start).
     */
    private int samplePeak() {
        int running = tasks.count();
        if (slots == null) {
            counters.notePeak(running);
        }
        return running;
    }

    /**
     * The keeper's look at a busy executor, every KeepAlive.LINGER: lets it go if idle, and samples
     * the peak of an unbounded one (a large table less often: one scan of 64 Ki slots per look).
     */
    void keeperLook(long wake) {
        reconcileIfIdle();
        if (slots == null && wake % Math.max(1, tasks.capacity() >>> 16) == 0) {
            samplePeak();
        }
    }

    /** The raw pending count, child units included; for tests. */
    long pendingUnits() {
        return pending();
    }

    /**
     * Tasks and busy child units entered and not exited; reads `exited` first, so it may over-count
     * exits that race it, never under-count.
     */
    private long pending() {
        long out = exited.sum();
        return entered.sum() - out;
    }

    /** The executor that opened this one from one of its tasks, if any. */
    @Nullable StructuredExecutor parent() {
        return parent;
    }

    /**
     * Returns a builder for an executor with non-default settings. Does not block.
     *
     * @return a new builder with the default settings
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Submits a value-returning task to run on a new virtual thread (with maxConcurrency, on a
     * worker thread once a slot is free). Does not block.
     *
     * @param task the task
     * @param <T> the type of the task's result
     * @return the task's future
     * @throws NullPointerException if {@code task} is null; nothing is submitted
     * @throws RejectedExecutionException if this executor was shut down, the JVM is shutting down,
     *     or no thread could be created for the task; nothing is submitted
     */
    @Override
    public <T extends @Nullable Object> TaskFuture<T> submit(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        return start(new StructuredTask<>(decorate(task), this));
    }

    @SuppressWarnings("unchecked")
    private <T extends @Nullable Object> Callable<T> decorate(Callable<T> task) {
        TaskDecorator d = decorator;
        if (d == null) {
            return task;
        }
        return Objects.requireNonNull((Callable<T>) d.decorate(task), "the task decorator returned null");
    }

    /**
     * Submits a task to run as {@link #submit(Callable)} does; its future's {@code get} returns
     * {@code null}.
     * Does not block.
     *
     * @param task the task
     * @return the task's future
     * @throws NullPointerException if {@code task} is null; nothing is submitted
     * @throws RejectedExecutionException as for {@link #submit(Callable)}
     */
    @Override
    public TaskFuture<?> submit(Runnable task) {
        return this.<@Nullable Object>submit(task, null);
    }

    /**
     * Submits a task to run as {@link #submit(Callable)} does; its future's {@code get} returns
     * {@code result}.
     * Does not block.
     *
     * @param task the task
     * @param result the result for the future, may be null
     * @param <T> the type of the result
     * @return the task's future
     * @throws NullPointerException if {@code task} is null; nothing is submitted
     * @throws RejectedExecutionException as for {@link #submit(Callable)}
     */
    @Override
    public <T extends @Nullable Object> TaskFuture<T> submit(Runnable task, T result) {
        Objects.requireNonNull(task, "task");
        return start(new StructuredTask<>(decorate(new RunnableCall<>(task, result)), this));
    }

    /**
     * Submits a task whose body returns nothing and may throw checked exceptions, such as
     * {@code () -> Files.delete(path)}, to run as {@link #submit(Callable)} does; its future's
     * {@code get} returns {@code null}, or throws {@link ExecutionException} with what the body
     * threw. Python's {@code e.submit(os.remove, path)}. Does not block.
     *
     * @param action the body
     * @return the task's future
     * @throws NullPointerException if {@code action} is null; nothing is submitted
     * @throws RejectedExecutionException as for {@link #submit(Callable)}
     */
    public TaskFuture<@Nullable Void> submitAction(TaskAction action) {
        Objects.requireNonNull(action, "action");
        return this.<@Nullable Void>submit(() -> {
            action.run();
            return null;
        });
    }

    /**
     * Runs a task as {@link #submit(Callable)} does, without a future. If it throws, the exception goes to
     * the thread's {@linkplain Thread.UncaughtExceptionHandler uncaught exception handler} (by
     * default printed to {@code System.err}), as for a plain thread: it is not swallowed. Does not
     * block.
     *
     * @param task the task
     * @throws NullPointerException if {@code task} is null; nothing is submitted
     * @throws RejectedExecutionException as for {@link #submit(Callable)}
     */
    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        Callable<@Nullable Void> call = new RunnableCall<@Nullable Void>(task, null);
        var unused = this.<@Nullable Void>start(new ExecutedTask(decorate(call), this));
    }

    /**
     * Python's {@code map(fn, items)}: applies {@code fn} to every item, each on its own task, and
     * returns a stream of the results in input order, as they become available. Every item is
     * submitted inside this call; use {@link MapOptions#bufferSize(int)} for large or unbounded
     * inputs.
     *
     * <p>When the stream reaches a task that failed, it throws
     * {@link java.util.concurrent.CompletionException} with the task's exception as cause, and
     * cancels (with interrupt) every task not yet yielded. Closing the stream before its end also
     * cancels them, even if it was never consumed (Python does not; we do), so use it in
     * try-with-resources or consume it whole. The stream keeps no reference to a result it has
     * yielded. Waiting for a result blocks the consuming thread; an interrupt while waiting cancels
     * the rest and throws {@code CompletionException} with an {@link InterruptedException} cause,
     * leaving the interrupt flag set.
     *
     * @param fn the function
     * @param items the input, iterated in this call
     * @param <T> the item type
     * @param <R> the result type
     * @return a sequential, ordered stream of the results
     * @throws NullPointerException if {@code fn} or {@code items} is null; nothing is submitted
     * @throws RejectedExecutionException if this executor is shut down; nothing is submitted. If a
     *     submit is rejected part-way (a racing shutdown), the tasks already submitted are cancelled
     * @throws RuntimeException whatever the input's iterator throws, after the tasks already
     *     submitted are cancelled
     */
    public <T extends @Nullable Object, R extends @Nullable Object> Stream<R> map(
            TaskFunction<? super T, ? extends R> fn, Iterable<? extends T> items) {
        return map(fn, items, MapOptions.defaults());
    }

    /**
     * As {@link #map(TaskFunction, Iterable)}, with Python's {@code timeout} and {@code buffersize};
     * the call itself does not block (beyond iterating the first items), the stream's steps do.
     * With a {@linkplain MapOptions#timeout timeout}, counted from this call, the stream throws
     * {@link java.util.concurrent.CompletionException} with a
     * {@link java.util.concurrent.TimeoutException} cause when the deadline passes before the next
     * result, and cancels the rest. With a {@linkplain MapOptions#bufferSize buffer size n}, only n
     * items are submitted in this call and one more each time the stream yields a result, read from
     * the input by the consuming thread; if the input's iterator throws then, the stream throws it
     * after cancelling the rest; if the executor was shut down meanwhile, the stream throws
     * {@link RejectedExecutionException}.
     *
     * @param fn the function
     * @param items the input
     * @param options the timeout and buffer size
     * @param <T> the item type
     * @param <R> the result type
     * @return a sequential, ordered stream of the results
     * @throws NullPointerException if an argument is null; nothing is submitted
     * @throws RejectedExecutionException if this executor is shut down; nothing is submitted
     * @throws RuntimeException whatever the input's iterator throws, after the tasks already
     *     submitted are cancelled
     */
    public <T extends @Nullable Object, R extends @Nullable Object> Stream<R> map(
            TaskFunction<? super T, ? extends R> fn, Iterable<? extends T> items, MapOptions options) {
        Objects.requireNonNull(fn, "fn");
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(options, "options");
        rejectIfClosed();
        MapSpliterator<T, R> results = MapSpliterator.start(this, fn, items, options);
        return StreamSupport.stream(results, false).onClose(results::cancelRemaining);
    }

    /**
     * As {@link #map(TaskFunction, Iterable)}, over the elements of a {@link Stream}, which is
     * read as lazily as an {@code Iterable}: every element inside this call, so an infinite stream
     * needs {@link #map(TaskFunction, Stream, MapOptions)} with a buffer size. Closing the
     * returned stream closes {@code items} too.
     *
     * @param fn the function
     * @param items the input stream, consumed by this call (and by the stream's steps)
     * @param <T> the item type
     * @param <R> the result type
     * @return a sequential, ordered stream of the results
     * @throws NullPointerException if {@code fn} or {@code items} is null; nothing is submitted
     * @throws RejectedExecutionException as for {@link #map(TaskFunction, Iterable)}
     * @throws IllegalStateException if {@code items} was already operated upon or closed
     * @throws RuntimeException whatever the input stream throws, after the tasks already
     *     submitted are cancelled
     */
    public <T extends @Nullable Object, R extends @Nullable Object> Stream<R> map(
            TaskFunction<? super T, ? extends R> fn, Stream<? extends T> items) {
        return map(fn, items, MapOptions.defaults());
    }

    /**
     * As {@link #map(TaskFunction, Iterable, MapOptions)}, over the elements of a {@link Stream}.
     * With a {@linkplain MapOptions#bufferSize buffer size}, an infinite stream works: only as many
     * elements are read as are submitted ({@code map(f, Stream.iterate(0, i -> i + 1),
     * MapOptions.defaults().bufferSize(16)).limit(100)}). Closing the returned stream closes
     * {@code items} too.
     *
     * @param fn the function
     * @param items the input stream
     * @param options the timeout and buffer size
     * @param <T> the item type
     * @param <R> the result type
     * @return a sequential, ordered stream of the results
     * @throws NullPointerException if an argument is null; nothing is submitted
     * @throws RejectedExecutionException if this executor is shut down; nothing is submitted
     * @throws IllegalStateException if {@code items} was already operated upon or closed
     * @throws RuntimeException whatever the input stream throws, after the tasks already
     *     submitted are cancelled
     */
    public <T extends @Nullable Object, R extends @Nullable Object> Stream<R> map(
            TaskFunction<? super T, ? extends R> fn, Stream<? extends T> items, MapOptions options) {
        Objects.requireNonNull(fn, "fn");
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(options, "options");
        rejectIfClosed();
        Iterator<? extends T> source = items.iterator();
        Stream<R> results;
        try {
            results = map(fn, () -> source, options);
        } catch (RuntimeException | Error e) {
            items.close();
            throw e;
        }
        return results.onClose(items::close);
    }

    /** How many item counts map() reserves at a time (see the notes on the pending count). */
    static final int RESERVATION = 64;

    /** Counts {@code n} tasks as pending ahead of their submitReserved calls; map() only. */
    void reserve(int n) {
        entered.add(n);
    }

    /**
     * Submits a task whose count was reserved; as submit, except that it uses one reserved count,
     * returning or throwing (a rejection undoes that count as submit undoes its own). map() only.
     */
    <T extends @Nullable Object> TaskFuture<T> submitReserved(Callable<T> task) {
        StructuredTask<T> counted;
        try {
            counted = new StructuredTask<>(decorate(task), this);
        } catch (RuntimeException | Error e) { // the decorator threw: this count is no task's
            releaseReserved(1);
            throw e;
        }
        return startCounted(counted);
    }

    /** Gives back {@code n} reserved counts that no task used: they exit as tasks do. */
    void releaseReserved(int n) {
        if (n > 0) {
            counters.unusedReservations(n);
            pendingExits(n);
        }
    }

    /**
     * Counts the task as pending, then, unless a shutdown got there first, starts its thread
     * (unbounded) or queues it for a slot (maxConcurrency); otherwise undoes the count and rejects.
     */
    private <T extends @Nullable Object> StructuredTask<T> start(StructuredTask<T> task) {
        entered.increment(); // then the state: one check serves the Dekker pair and rejection
        return startCounted(task);
    }

    /** start(), for a task already counted in `entered`. */
    private <T extends @Nullable Object> StructuredTask<T> startCounted(StructuredTask<T> task) {
        Slots bounded = slots;
        boolean accepted = false;
        try {
            if (state == RUNNING && !JvmShutdown.inProgress()) {
                if (!keptAlive) {
                    reconcileBusy();
                }
                if (bounded == null) {
                    task.launched();
                    threads.execute(task);
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
                counters.rejected();
                pendingExit();
            }
        }
        if (!accepted) {
            rejectIfClosed();
            throw new RejectedExecutionException("cannot schedule new futures after shutdown");
        }
        if (bounded != null) {
            drain(bounded); // this submitter starts it (or another waiting task) if a slot is free
        }
        return task;
    }

    /**
     * Starts waiting tasks while slots are free. Reads the free count before the queue: while
     * every slot is busy (the common case under load) that is one volatile read, where looking at
     * the queue first walked its head, which the workers' polls keep writing (P5,
     * BoundedBenchmark). The Dekker pair with a worker's release-then-poll is the caller's offer
     * and this read; a slot taken for nothing is released and the queue looked at again, as a
     * finishing worker does.
     */
    private void drain(Slots bounded) {
        for (int taken; (taken = bounded.tryAcquire()) > 0; ) {
            StructuredTask<?> next = bounded.poll();
            if (next != null && launchQueued(next)) {
                counters.notePeak(taken); // a new worker: the peak of workers is exact
                continue;
            }
            bounded.release();
            if (next == null && !bounded.hasWaiting()) {
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
            task.launched();
            threads.execute(task);
            return true;
        } catch (RuntimeException | Error e) {
            task.failClaimed(e instanceof RejectedExecutionException ? e
                    : new RejectedExecutionException("cannot start a thread for the task", e));
            counters.ended(task.state());
            pendingExit();
            return false;
        }
    }

    /** Whether tasks wait for a maxConcurrency slot (and are claimed before their thread starts). */
    boolean bounded() {
        return slots != null;
    }

    /** A queued task was cancelled before anyone claimed it: it is pending no more. */
    void queuedTaskCancelled() {
        counters.ended(Future.State.CANCELLED);
        pendingExit();
    }

    private void rejectIfClosed() {
        if (JvmShutdown.inProgress()) {
            throw new RejectedExecutionException(
                    "cannot schedule new futures after interpreter shutdown (the JVM is exiting)");
        }
        if (state != RUNNING) {
            throw new RejectedExecutionException(
                    "cannot schedule new futures after shutdown: " + this);
        }
    }

    /*
     * The body of a thread the executor started is StructuredTask.run: beforeBody, the task's body,
     * afterBody. Unbounded: one task. With maxConcurrency the thread is a worker that holds a slot:
     * its first task was claimed (moved to RUNNING) by whoever started it, and when a task ends the
     * worker claims the next waiting one (afterBody -> nextWaiting) and runs it too, until none
     * waits; then it gives the slot back and ends. The loop sits in StructuredTask.run, not here,
     * and the work around the body sits in methods too large for C1 to inline (beforeBody,
     * endBody, nextWaiting, the task's takeRunner, takeBody and complete), because a parked virtual
     * thread keeps every frame below its body in its stack chunk, and C1 sizes a frame for all that
     * it inlined. M1 (300k parked tasks, benchmarks/.../MemoryHarness): run's C1 frame went from
     * 432 to 144 bytes (FutureTask.run: 288), the average chunk under C1 from 2375 to 1790 bytes
     * (the JDK's: 2031), the heap per parked task from 1.24x the JDK's to 1.17x. Measured with
     * -XX:CompileCommand=print (the "sub rsp" of the verified entry) and a class histogram of the
     * parked process; see docs/benchmarks.md. C2 inlines by frequency, not size: there the
     * bookkeeping ends up inlined into TaskRunner.run, a 192-byte frame (the JDK's: 112).
     */

    /**
     * Before a task's body, in its thread: registers it and applies a cancel mode already set.
     *
     * @return the task's JFR event, begun; null while no recording enables it (no object per task)
     */
    @Nullable TaskEndEvent beforeBody(StructuredTask<?> task) {
        TaskEndEvent event = null;
        if (TaskEndEvent.enabledNow()) {
            event = new TaskEndEvent();
            event.begin();
        }
        register(task);
        int mode = cancelMode;
        if (mode == CANCEL_ALL) {
            task.cancel(true);
        } else if (mode == CANCEL_NOT_STARTED) {
            task.cancelIfNotStarted(); // a claimed task counts as started: a no-op for it
        }
        return event;
    }

    /**
     * After a task's body (or its skipping), in its thread: the bookkeeping of its end; then, for a
     * maxConcurrency worker, the next waiting task to run (see nextWaiting).
     *
     * @return the next task for this thread, or null when the thread is done
     */
    @Nullable StructuredTask<?> afterBody(StructuredTask<?> task, @Nullable TaskEndEvent event) {
        endBody(task, event);
        return slots == null ? null : nextWaiting();
    }

    /**
     * After a task whose completion threw (an Error, or an uncaught-exception handler that threw
     * for an execute()d task): the same bookkeeping, and a worker's slot goes to a new worker, since
     * this thread ends with the throwable.
     */
    void afterBodyAbruptly(StructuredTask<?> task, @Nullable TaskEndEvent event) {
        try {
            endBody(task, event);
        } finally {
            Slots bounded = slots;
            if (bounded != null) {
                bounded.release();
                drain(bounded);
            }
        }
    }

    private void endBody(StructuredTask<?> task, @Nullable TaskEndEvent event) {
        tasks.remove(task);
        counters.bodyEnds(task);
        if (event != null) {
            commitTaskEnd(task, event);
        }
        failFastCheck(task);
        pendingExit();
    }

    /**
     * For a maxConcurrency worker whose task ended: the next waiting task, claimed and bound to
     * this thread, or null once the worker has given its slot back (nobody waits). Releasing and
     * then looking at the queue again pairs with a submitter's enqueue-then-acquire (see Slots):
     * a task queued meanwhile is run here or by the submitter.
     */
    private @Nullable StructuredTask<?> nextWaiting() {
        Slots bounded = slots;
        assert bounded != null;
        for (;;) {
            StructuredTask<?> next = bounded.poll();
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
            bounded.release();
            int taken;
            if (!bounded.hasWaiting() || (taken = bounded.tryAcquire()) == 0) {
                return null;
            }
            counters.notePeak(taken);
        }
    }

    private void register(StructuredTask<?> task) {
        tasks.add(task, Thread.currentThread().threadId());
    }

    private void commitTaskEnd(StructuredTask<?> task, TaskEndEvent event) {
        event.end();
        if (event.shouldCommit()) {
            event.executor = label();
            event.outcome = switch (task.state()) {
                case SUCCESS -> "success";
                case FAILED -> "failure";
                default -> "cancelled";
            };
            event.commit();
        }
    }

    /** With failFast, a task that failed (not one cancelled) cancels every other pending task. */
    private void failFastCheck(StructuredTask<?> task) {
        if (failFast) {
            Throwable failure = task.failure();
            if (failure != null && failures.record(failure, Thread.currentThread())) {
                initiateShutdown();
                cancelEverything();
            }
        }
    }

    private void pendingExit() {
        pendingExits(1L);
    }

    /** n pending units end: counted, and in exact mode the zero looked for (see the notes). */
    private void pendingExits(long n) {
        exited.add(n);
        if (exact) {
            reconcileIfIdle();
        }
    }

    /**
     * If nothing is pending, drops the keep-alive registration (and the parent's unit) and, after
     * a shutdown, terminates. Called by exits in exact mode, by makeExact, and by the keeper.
     */
    void reconcileIfIdle() {
        if (pending() == 0L) {
            reconcileBusy();
            if (state == SHUTDOWN) {
                tryTerminate();
            }
        }
    }

    /**
     * Enters exact mode, here and in every child (whose idle state the parent's termination
     * waits for), then looks for the zero once: an exit that missed the mode is seen here.
     */
    private void makeExact() {
        exact = true;
        for (StructuredExecutor child : children) {
            child.makeExact();
        }
        reconcileIfIdle();
    }

    /**
     * Brings the KeepAlive registration and the parent's count of this child in line with the
     * pending count, after a 0 -> 1 or 1 -> 0 transition (or a submit that saw keptAlive false).
     *
     * @throws RejectedExecutionException if no keep-alive thread could be started
     */
    private void reconcileBusy() {
        boolean nowBusy;
        transitionLock.lock();
        try {
            keptAlive = false;
            nowBusy = pending() > 0L;
            if (nowBusy != busy) {
                busy = nowBusy;
                StructuredExecutor p = parent;
                if (nowBusy) {
                    KeepAlive.register(this);
                    if (p != null) {
                        p.childBusy(this);
                    }
                } else {
                    KeepAlive.deregister(this);
                    if (p != null) {
                        p.childIdle(this);
                    }
                }
            }
            keptAlive = nowBusy;
        } finally {
            transitionLock.unlock();
        }
        if (nowBusy) {
            KeepAlive.ensureKeeper();
            StructuredExecutor p = parent;
            if (p != null) {
                followParent(p);
            }
        }
    }

    /**
     * A busy child takes on what its parent began while the child was idle, and so not among the
     * parent's children: exact mode after a shutdown, cancellation. The child joined the parent's
     * children (childBusy) before reading these; the parent writes them before it reads its
     * children (a Dekker pair): one of the two sees the other.
     */
    private void followParent(StructuredExecutor p) {
        if (p.exact && !exact) {
            makeExact();
        }
        if (p.cancelMode == CANCEL_ALL && cancelMode != CANCEL_ALL) {
            initiateShutdown();
            cancelEverything();
        }
    }

    /**
     * A child executor has pending tasks: they count as one pending unit of this executor, and the
     * child is among the children that this executor's shutdown and cancellation reach. Only busy
     * children are held: an idle one that nobody references is garbage, however long this
     * executor lives.
     */
    private void childBusy(StructuredExecutor child) {
        busyChildren.incrementAndGet();
        counters.childUnit();
        entered.increment();
        children.add(child);
        if (!keptAlive) {
            reconcileBusy();
        }
    }

    private void childIdle(StructuredExecutor child) {
        children.remove(child);
        busyChildren.decrementAndGet();
        pendingExit();
    }

    private void tryTerminate() {
        if (pending() == 0L && STATE.compareAndSet(this, SHUTDOWN, TERMINATED)) {
            closeEvent.end();
            if (closeEvent.shouldCommit()) {
                closeEvent.executor = label();
                closeEvent.tasksRun = counters.submitted(entered.sum());
                closeEvent.failed = counters.failed();
                closeEvent.cancelled = counters.cancelled();
                closeEvent.commit();
            }
            threads.shutdown();
            terminated.countDown();
        }
    }

    /**
     * Python's {@code shutdown(wait)}: stops accepting tasks and, if {@code wait}, waits until every
     * pending task has finished. {@code shutdown(true)} is {@link #close()}; {@code shutdown(false)}
     * returns at once, and the executor frees what it holds when its last pending task ends. Either
     * way the JVM does not exit while a task is pending.
     *
     * @param wait whether to wait for the pending tasks
     * @throws IllegalStateException if {@code wait} and the caller is one of this executor's own
     *     tasks (it would wait for itself); nothing is changed
     * @throws ScopeFailedException if {@code wait}, as for {@link #close()}
     */
    public void shutdown(boolean wait) {
        shutdown(wait, false);
    }

    /**
     * Python's {@code shutdown(wait, cancel_futures)}: stops accepting tasks; if
     * {@code cancelFutures}, cancels every pending task whose body has not started yet (running tasks
     * are never interrupted by this method); then, if {@code wait}, waits as {@link #close()} does.
     *
     * @param wait whether to wait for the pending tasks, as {@link #close()} does (an interrupt while
     *     waiting cancels the pending tasks with interrupt and keeps waiting)
     * @param cancelFutures whether to cancel the tasks that have not started
     * @throws IllegalStateException if {@code wait} and the caller is one of this executor's own
     *     tasks; nothing is changed
     * @throws ScopeFailedException if {@code wait}, as for {@link #close()}
     */
    public void shutdown(boolean wait, boolean cancelFutures) {
        if (wait) {
            shutdownAndWait("shutdown(true)", cancelFutures);
        } else {
            initiateShutdown();
            if (cancelFutures) {
                cancelNotStarted();
            }
        }
    }

    /** shutdown(true, cancelFutures) and close(), which name themselves in the refusal. */
    private void shutdownAndWait(String method, boolean cancelFutures) {
        rejectOwnTask(method);
        initiateShutdown();
        if (cancelFutures) {
            cancelNotStarted();
        }
        awaitTerminationCancellingOnInterrupt();
        ScopeFailedException failed = failures.toException(toString());
        if (failed != null) {
            throw failed;
        }
    }

    /**
     * Stops accepting tasks and returns at once; the pending tasks keep running. The same as
     * {@link #shutdown(boolean) shutdown(false)}: the JVM still does not exit while a task is pending.
     * Does not block.
     */
    @Override
    public void shutdown() {
        initiateShutdown();
    }

    private void initiateShutdown() {
        if (STATE.compareAndSet(this, RUNNING, SHUTDOWN)) {
            makeExact();
        }
    }

    /**
     * Stops accepting tasks, cancels every pending task (this executor's and its child executors'),
     * interrupting those that run, and returns the tasks that never started. Does not wait for the
     * running tasks to end (they stay pending until their threads finish); does not block.
     *
     * @return the tasks whose bodies never started, in no particular order; running them runs the
     *     original task. Complete for tasks waiting for a {@code maxConcurrency} slot; best-effort
     *     for an unbounded task whose thread had not begun yet (it is cancelled all the same)
     */
    @Override
    public List<Runnable> shutdownNow() {
        initiateShutdown();
        return cancelEverything();
    }

    /**
     * Cancels every pending task (waiting ones, and running ones with interrupt) and every child
     * executor's; returns the tasks that never started. Used by shutdownNow, failFast, the timeout
     * and an interrupted close.
     */
    private List<Runnable> cancelEverything() {
        raiseCancelMode(CANCEL_ALL);
        // Running tasks first, then the children's, then those not started: a running task that
        // waits for a queued sibling (or a child's task) must be cancelled before that sibling's
        // cancellation can wake it, or it would end FAILED with the sibling's
        // CancellationException instead of CANCELLED.
        for (StructuredTask<?> task : tasks.snapshot()) {
            task.cancelAndInterrupt();
        }
        for (StructuredExecutor child : children) {
            child.initiateShutdown();
            child.cancelEverything();
        }
        return cancelNotStarted();
    }

    /** cancelMode only moves forward: NONE -> NOT_STARTED -> ALL, never back (a CAS). */
    private void raiseCancelMode(int mode) {
        for (int m = cancelMode; m < mode; m = cancelMode) {
            if (CANCEL_MODE.compareAndSet(this, m, mode)) {
                return;
            }
        }
    }

    /** Cancels the waiting tasks and those whose body has not begun; returns them. */
    private List<Runnable> cancelNotStarted() {
        raiseCancelMode(CANCEL_NOT_STARTED);
        List<Runnable> neverStarted = new ArrayList<>();
        Slots bounded = slots;
        if (bounded != null) {
            for (StructuredTask<?> task : bounded.drainWaiting()) {
                if (task.cancelIfNotStarted()) {
                    neverStarted.add(task.originalTask());
                }
            }
        }
        for (StructuredTask<?> task : tasks.snapshot()) {
            if (task.cancelIfNotStarted()) {
                neverStarted.add(task.originalTask());
            }
        }
        return neverStarted;
    }

    /**
     * Python's {@code with} block exit: stops accepting tasks and waits until every pending task has
     * finished. Does nothing if already terminated.
     *
     * <p>If the calling thread is interrupted while it waits, every pending task is cancelled with
     * interrupt ({@link #shutdownNow()}), and {@code close} keeps waiting until they have all ended;
     * it then returns with the interrupt flag set.
     *
     * @throws IllegalStateException if called from one of this executor's own tasks (it would wait
     *     for itself; Python raises "cannot join current thread"); nothing is changed
     * @throws ScopeFailedException after waiting, if a task failed in a
     *     {@linkplain Builder#failFast fail-fast} executor or the {@linkplain Builder#timeout timeout}
     *     elapsed with tasks pending; thrown by every later {@code close} too
     */
    @Override
    public void close() {
        shutdownAndWait("close()", false);
    }

    /**
     * Refuses to wait for this executor from one of its own tasks or a task of any scope inside
     * it (child, grandchild, ...): the wait would include the caller's own task.
     */
    private void rejectOwnTask(String method) {
        if (state == TERMINATED) {
            return;
        }
        StructuredExecutor caller = currentTaskExecutor();
        for (StructuredExecutor e = caller; e != null; e = e.parent) {
            if (e == this) {
                throw new IllegalStateException(method + " called from a task of " + caller
                        + (caller == this ? "" : ", a scope inside " + this)
                        + ": it would wait for itself (cannot join current thread)");
            }
        }
    }

    /** Whether the calling thread runs a task of this executor (not of a child's). */
    private boolean callerIsOwnTask() {
        return TaskThreadMark.ofCurrentThread() == this
                || (customThreadFactories && tasks.containsThread(Thread.currentThread()));
    }

    /**
     * maxConcurrency: a task of this executor waits, untimed, for a sibling still queued for a
     * slot. The waiting task's thread runs the sibling, on the slot it holds: the bound stays
     * exact, and n running tasks that each wait for a queued sibling do not wait for ever.
     * Removing the sibling from the queue first makes the claim this thread's alone: no worker
     * can poll it (and bind itself to it) afterwards. Does nothing if the sibling is no longer
     * queued, was cancelled, or the caller is not a task of this executor.
     */
    void runQueuedHere(StructuredTask<?> sibling) {
        Slots bounded = slots;
        if (bounded == null || !callerIsOwnTask() || !bounded.remove(sibling)
                || !sibling.claim()) {
            return; // a cancel that won the claim did the bookkeeping
        }
        sibling.runOn(Thread.currentThread());
        TaskEndEvent event = beforeBody(sibling);
        try {
            sibling.runClaimedBody();
        } finally {
            endBody(sibling, event);
        }
        if (sibling.isCancelled() && cancelMode != CANCEL_ALL) {
            // An interrupt meant for the sibling (its own cancel(true)) is not the waiting task's.
            // While everything is being cancelled, the waiting task is too: it keeps the flag.
            Thread.interrupted();
        }
    }

    private void awaitTerminationCancellingOnInterrupt() {
        boolean interrupted = false;
        while (state != TERMINATED) {
            try {
                terminated.await();
            } catch (InterruptedException e) {
                if (!interrupted) {
                    shutdownNow();
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Blocks until this executor has terminated (shut down, and every pending task has finished),
     * the timeout elapses, or the calling thread is interrupted.
     *
     * @param timeout the maximum time to wait
     * @param unit the unit of {@code timeout}
     * @return {@code true} if terminated, {@code false} if the timeout elapsed first
     * @throws InterruptedException if interrupted while waiting; the tasks are not cancelled
     * @throws NullPointerException if {@code unit} is null
     */
    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        Objects.requireNonNull(unit, "unit");
        return terminated.await(timeout, unit);
    }

    /**
     * Returns whether a shutdown has begun. Does not block.
     *
     * @return {@code true} after any shutdown method was called
     */
    @Override
    public boolean isShutdown() {
        return state >= SHUTDOWN;
    }

    /**
     * Returns whether this executor has shut down and every pending task has finished. Does not
     * block.
     *
     * @return {@code true} if terminated
     */
    @Override
    public boolean isTerminated() {
        return state == TERMINATED;
    }

    /**
     * Returns the number of tasks submitted and not yet finished executing, including tasks whose
     * future was cancelled while their body still runs, and tasks waiting for a slot. Tasks of child
     * executors are not counted here (though this executor waits for them). A snapshot; does not
     * block. While a {@code map} call submits its items, up to 63 of them may be counted just
     * before they are submitted: {@code map} counts them in batches (see docs/benchmarks.md).
     *
     * @return the pending count
     */
    public int pendingCount() {
        return (int) Math.max(0L, Math.min(pending() - busyChildren.get(), Integer.MAX_VALUE));
    }

    /**
     * Submits every task and waits until all are done; see {@link ExecutorService#invokeAll(Collection)}.
     * If the calling thread is interrupted while it waits, or a task cannot be submitted, the tasks
     * not yet done are cancelled with interrupt before the exception is thrown.
     *
     * @throws InterruptedException if interrupted while waiting
     * @throws NullPointerException if {@code tasks} or any of its elements is null; nothing is
     *     submitted
     * @throws RejectedExecutionException if a task cannot be submitted
     */
    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks)
            throws InterruptedException {
        return Invocations.invokeAll(this, tasks, -1L);
    }

    /**
     * Submits every task and waits until all are done or the timeout elapses, then cancels (with
     * interrupt) the tasks not done; see {@link ExecutorService#invokeAll(Collection, long, TimeUnit)}.
     *
     * @throws InterruptedException if interrupted while waiting; the tasks not done are cancelled
     * @throws NullPointerException if {@code tasks}, any of its elements or {@code unit} is null;
     *     nothing is submitted
     * @throws RejectedExecutionException if a task cannot be submitted
     */
    @Override
    public <T> List<Future<T>> invokeAll(
            Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        Objects.requireNonNull(unit, "unit");
        return Invocations.invokeAll(this, tasks, Math.max(0L, unit.toNanos(timeout)));
    }

    /**
     * Submits every task and returns the result of one that completed successfully, once one has;
     * the others are then cancelled with interrupt. See {@link ExecutorService#invokeAny(Collection)}.
     *
     * @throws InterruptedException if interrupted while waiting; every task is cancelled
     * @throws ExecutionException if no task completed successfully; its cause is the last failure
     * @throws IllegalArgumentException if {@code tasks} is empty
     * @throws NullPointerException if {@code tasks} or any of its elements is null; nothing is
     *     submitted
     * @throws RejectedExecutionException if a task cannot be submitted
     */
    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks)
            throws InterruptedException, ExecutionException {
        try {
            return Invocations.invokeAny(this, tasks, -1L);
        } catch (TimeoutException e) {
            throw new AssertionError("untimed invokeAny timed out", e);
        }
    }

    /**
     * As {@link #invokeAny(Collection)}, but gives up when the timeout elapses, cancelling every task.
     *
     * @throws InterruptedException if interrupted while waiting; every task is cancelled
     * @throws ExecutionException if no task completed successfully; its cause is the last failure
     * @throws TimeoutException if the timeout elapsed before a task completed successfully
     * @throws IllegalArgumentException if {@code tasks} is empty
     * @throws NullPointerException if {@code tasks}, any of its elements or {@code unit} is null;
     *     nothing is submitted
     * @throws RejectedExecutionException if a task cannot be submitted
     */
    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        Objects.requireNonNull(unit, "unit");
        return Invocations.invokeAny(this, tasks, Math.max(0L, unit.toNanos(timeout)));
    }

    /**
     * Returns a snapshot of this executor's counters: tasks submitted, completed, failed,
     * cancelled, pending, running now, and the peak running (see {@link ExecutorStats} for how
     * exact each is). Read without locking while tasks run, so the numbers need not add up exactly
     * until the executor is terminated. Does not block; it scans the executor's table of running
     * tasks, which takes time proportional to the most tasks that ever ran at once.
     *
     * @return the counters now
     */
    public ExecutorStats stats() {
        int running = samplePeak();
        return counters.snapshot(entered.sum(), pendingCount(), running);
    }

    /** The name, or an identity for an unnamed executor. */
    private String label() {
        return name != null ? name : "@" + Integer.toHexString(System.identityHashCode(this));
    }

    /**
     * Renders this executor, its running tasks and its child executors as a tree, for diagnostics:
     *
     * <pre>
     * StructuredExecutor[crawler, RUNNING, pending=2]
     * ├─ crawler-1 (running)
     * └─ StructuredExecutor[parse, RUNNING, pending=1]
     *    └─ parse-1 (running)
     * </pre>
     *
     * A snapshot, not atomic; does not block.
     *
     * @return the tree, one line per executor or task
     */
    public String describe() {
        StringBuilder out = new StringBuilder();
        describe(out, "", "");
        return out.toString();
    }

    private void describe(StringBuilder out, String lead, String childLead) {
        out.append(lead).append(this).append('\n');
        List<Object> lines = new ArrayList<>();
        List<StructuredTask<?>> running = tasks.snapshot();
        if (slots == null) {
            counters.notePeak(running.size());
        }
        for (StructuredTask<?> task : running) {
            Thread runner = task.runner();
            if (runner == null) {
                continue;
            }
            String thread = runner.getName();
            lines.add((thread.isEmpty() ? runner.toString() : thread)
                    + (task.isCancelled() ? " (cancelled, still running)" : " (running)"));
        }
        int waiting = pendingCount() - running.size();
        if (slots != null && waiting > 0) {
            lines.add(waiting + " waiting for a slot");
        }
        lines.addAll(children);
        for (int i = 0; i < lines.size(); i++) {
            boolean last = i == lines.size() - 1;
            Object line = lines.get(i);
            String branch = childLead + (last ? "└─ " : "├─ ");
            if (line instanceof StructuredExecutor child) {
                child.describe(out, branch, childLead + (last ? "   " : "│  "));
            } else {
                out.append(branch).append(line).append('\n');
            }
        }
    }

    /** The names of the first {@code max} running tasks' threads (or the threads themselves). */
    List<String> taskThreadNames(int max) {
        List<String> names = new ArrayList<>();
        for (Thread t : taskThreads()) {
            if (names.size() == max) {
                break;
            }
            names.add(t.getName().isEmpty() ? t.toString() : t.getName());
        }
        return names;
    }

    /** The threads of the pending tasks that have one. */
    List<Thread> taskThreads() {
        List<Thread> threads = new ArrayList<>();
        for (StructuredTask<?> task : tasks.snapshot()) {
            Thread runner = task.runner();
            if (runner != null) {
                threads.add(runner);
            }
        }
        return threads;
    }

    long shutdownGraceNanos() {
        return shutdownGraceNanos;
    }

    /**
     * Returns a description: name, state and pending count, such as
     * {@code StructuredExecutor[crawler, RUNNING, pending=3]}. Does not block.
     *
     * @return the description
     */
    @Override
    public String toString() {
        String label = label();
        String s = switch (state) {
            case RUNNING -> "RUNNING";
            case SHUTDOWN -> "SHUTDOWN";
            case TERMINATED -> "TERMINATED";
            default -> throw new IllegalStateException("impossible executor state " + state);
        };
        return "StructuredExecutor[" + label + ", " + s + ", pending=" + pendingCount() + "]";
    }

    /**
     * Settings for a new {@link StructuredExecutor}. Not thread-safe; each {@link #open()} makes an
     * independent executor with the settings of the moment. No method of a builder blocks.
     */
    public static final class Builder {

        /** The shutdown grace period when none is set: five seconds. */
        public static final Duration DEFAULT_SHUTDOWN_GRACE_PERIOD = Duration.ofSeconds(5);

        private @Nullable String name;
        private Duration shutdownGracePeriod = DEFAULT_SHUTDOWN_GRACE_PERIOD;
        private int maxConcurrency; // 0: unbounded
        private boolean failFast;
        private @Nullable Duration timeout;
        private boolean inheritInheritableThreadLocals = true;
        private @Nullable TaskDecorator decorator;
        private @Nullable ThreadFactory threadFactory;

        private Builder() {}

        /**
         * Names the executor; its task threads are then named {@code name-1}, {@code name-2}, ...
         * Unnamed executors run unnamed threads, as the JDK's virtual-thread executor does.
         *
         * @param name the name
         * @return this builder
         * @throws NullPointerException if {@code name} is null
         * @throws IllegalArgumentException if {@code name} is blank
         */
        public Builder name(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name is blank");
            }
            this.name = name;
            return this;
        }

        /**
         * Bounds how many of this executor's tasks run at once: Python's {@code max_workers}. The
         * others wait, in submission order, pending but not running ({@link TaskFuture#running()} is
         * false); a waiting task has no thread. As in Python, the tasks run on at most
         * {@code max} worker threads (virtual ones): a worker is started when a task gets a free
         * slot, runs the tasks waiting after it one by one, and ends when none waits (a fixed pool
         * keeps its threads; a worker holds nothing while there is no work). A task thus runs on
         * a thread that earlier tasks of this executor may have used: it sees their
         * {@link ThreadLocal} values and the thread's name, but never an interrupt meant for
         * another task (the interrupt status is cleared between tasks, and a {@code cancel(true)}
         * reaches a task's thread only while that task runs). Use a
         * {@link #taskDecorator(TaskDecorator) task decorator} to set per-task context. If no thread
         * can be created for a waiting task when its turn comes, its future fails with
         * {@link RejectedExecutionException}. The default is unbounded: a new virtual thread per
         * task.
         *
         * @param max the most tasks that may run at once, at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code max < 1}
         */
        public Builder maxConcurrency(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxConcurrency must be at least 1: " + max);
            }
            this.maxConcurrency = max;
            return this;
        }

        /**
         * Sets how long this executor's pending tasks may keep running once the JVM has been asked
         * to exit ({@code System.exit}, SIGTERM), counted from the start of JVM shutdown. When it has
         * elapsed the JVM exits with the tasks still pending, and they are logged. The default is
         * {@link #DEFAULT_SHUTDOWN_GRACE_PERIOD}; {@link Duration#ZERO} does not wait at all. It has
         * no effect on a normal exit (the end of {@code main}), which always waits for every task.
         *
         * @param gracePeriod the grace period, zero or positive
         * @return this builder
         * @throws NullPointerException if {@code gracePeriod} is null
         * @throws IllegalArgumentException if {@code gracePeriod} is negative
         */
        public Builder shutdownGracePeriod(Duration gracePeriod) {
            Objects.requireNonNull(gracePeriod, "gracePeriod");
            if (gracePeriod.isNegative()) {
                throw new IllegalArgumentException("negative grace period: " + gracePeriod);
            }
            this.shutdownGracePeriod = gracePeriod;
            return this;
        }

        /**
         * Makes the executor fail fast: the first task to fail (complete exceptionally, not by
         * cancellation) cancels every other pending task of the executor and of its child executors,
         * interrupting those that run, and shuts the executor down. {@link #close()} then throws
         * {@link ScopeFailedException} whose cause is that first failure and whose suppressed
         * exceptions are the failures of tasks that failed on their own before they could be
         * cancelled. A task's {@code InterruptedException} or {@code CancellationException} caused by
         * that cancelling is not a failure. Without fail-fast (the default), {@code close()} never
         * throws because of a task.
         *
         * @param failFast whether the first failure cancels the rest
         * @return this builder
         */
        public Builder failFast(boolean failFast) {
            this.failFast = failFast;
            return this;
        }

        /**
         * Bounds the executor's life, counted from {@link #open()}: when the timeout elapses, the
         * executor shuts down and every pending task (its children's too) is cancelled with
         * interrupt; if any task was pending then, {@link #close()} throws
         * {@link ScopeFailedException} with a {@link TimeoutException} cause. Tasks that all finish in
         * time: no exception. The clock is a virtual thread that ends with the executor.
         *
         * @param timeout the time allowed, positive
         * @return this builder
         * @throws NullPointerException if {@code timeout} is null
         * @throws IllegalArgumentException if {@code timeout} is zero or negative
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Sets whether task threads inherit the submitting thread's {@link InheritableThreadLocal}
         * values, as virtual threads do by default (the default here too). Note that
         * {@code ScopedValue} bindings are never inherited by task threads: the JDK passes them only
         * to threads forked by its own {@code StructuredTaskScope}. Use a
         * {@link #taskDecorator(TaskDecorator) task decorator} to carry other context.
         *
         * @param inherit whether to inherit inheritable thread-locals
         * @return this builder
         */
        public Builder inheritInheritableThreadLocals(boolean inherit) {
            this.inheritInheritableThreadLocals = inherit;
            return this;
        }

        /**
         * Sets the factory of the task threads, instead of structex's own virtual-thread factory
         * (which {@link #name(String)} and {@link #inheritInheritableThreadLocals(boolean)} configure
         * and which this replaces). Each task still gets a new thread from it. The factory should
         * make virtual threads: a platform thread per task costs far more, and the exit promise then
         * rests on whatever daemon status the factory gives. If the factory throws or returns
         * {@code null}, the submit throws {@link RejectedExecutionException} (for a task waiting for
         * a {@link #maxConcurrency(int) slot}, its future fails with it) and nothing is left
         * pending.
         *
         * @param factory the thread factory
         * @return this builder
         * @throws NullPointerException if {@code factory} is null
         */
        public Builder threadFactory(ThreadFactory factory) {
            this.threadFactory = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /**
         * Wraps every task at submission, in the submitting thread, to carry context (logging MDC,
         * tracing spans) into the task's thread. See {@link TaskDecorator}.
         *
         * @param decorator the decorator
         * @return this builder
         * @throws NullPointerException if {@code decorator} is null
         */
        public Builder taskDecorator(TaskDecorator decorator) {
            this.decorator = Objects.requireNonNull(decorator, "decorator");
            return this;
        }

        /**
         * Opens a new executor with these settings. If called from a task of another
         * {@code StructuredExecutor}, the new executor is that executor's <em>child</em>: cancelling
         * the parent (fail-fast, timeout, {@code shutdownNow}, an interrupted {@code close}) cancels
         * the child's tasks too, and the parent does not terminate, nor its {@code close} return,
         * while a task of the child is pending. Does not block.
         *
         * @return a new executor, running
         */
        public StructuredExecutor open() {
            if (threadFactory != null) {
                customThreadFactories = true;
            }
            return new StructuredExecutor(this).start(timeout);
        }
    }
}
