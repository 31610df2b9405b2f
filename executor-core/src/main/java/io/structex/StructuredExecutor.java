package io.structex;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * An {@link ExecutorService} with the semantics of Python's {@code
 * concurrent.futures.ThreadPoolExecutor}, that runs each task on its own new virtual thread (with
 * {@link StructuredExecutorBuilder#maxConcurrency maxConcurrency n}, on one of at most n virtual
 * worker threads, as Python's workers) and keeps Python's promise that the program does not exit
 * while a submitted task is pending.
 *
 * {@snippet class=io.structex.Snippets region=copyFiles}
 *
 * <p>A structured scope: both calls, or neither, in two seconds at most.
 *
 * {@snippet class=io.structex.Snippets region=structured}
 *
 * <p><b>Pending tasks.</b> A task is pending from {@code submit} until its thread has finished,
 * also when its future was cancelled while it ran. {@link #close()} waits for every pending task;
 * the JVM does not exit while any task of any {@code StructuredExecutor} is pending: not after
 * {@link #shutdown(boolean) shutdown(false)}, not when the executor is never shut down or becomes
 * unreachable, not when {@code main} throws. Virtual threads are daemon threads, so structex keeps
 * one non-daemon platform thread, shared by all executors, alive while any task is pending and for
 * at most about 60 ms after the last one ends (40 ms if its executor was shut down).
 *
 * <p><b>Shutdown.</b> After any shutdown, {@code submit} and {@code execute} throw {@link
 * RejectedExecutionException} ("cannot schedule new futures after shutdown"). A submit that races a
 * shutdown either starts its task or is rejected; it never loses it. Shutting down is idempotent
 * and may be done in any order, from any thread.
 *
 * <p><b>JVM shutdown.</b> If the JVM is asked to exit ({@code System.exit}, SIGTERM) while tasks
 * are pending, each executor's tasks get its {@linkplain
 * StructuredExecutorBuilder#shutdownGracePeriod grace period} to finish. The tasks still pending
 * then are interrupted (as {@link #shutdownNow()}) and get at most one more second to end, so that
 * their {@code finally} blocks run; then the JVM exits with the requested status, whatever still
 * runs. Which tasks were interrupted, which of them ended and which were abandoned (the first 20 of
 * each by thread name, and how many) is logged through {@link System.Logger} ({@code io.structex})
 * and on {@code System.err}. From the moment the JVM begins to shut down, submissions are rejected
 * ("cannot schedule new futures after interpreter shutdown"). A task that itself calls {@code
 * System.exit} does not make the JVM wait for it.
 *
 * <p><b>Options.</b> {@link #builder()} adds Python's {@code max_workers} ({@link
 * StructuredExecutorBuilder#maxConcurrency maxConcurrency}) and thread names, and what structured
 * concurrency adds: {@linkplain StructuredExecutorBuilder#failFast fail-fast} scopes, {@linkplain
 * StructuredExecutorBuilder#timeout deadlines}, and child scopes (an executor opened inside a task
 * of another is its child, see {@link StructuredExecutorBuilder#open()}). {@link #stats()}, {@link
 * #describe()} and {@link #toString()} show what it is doing.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread before it submits a task
 * <i>happen-before</i> the task's body starts; actions of a task <i>happen-before</i> a successful
 * return from its future's {@code get}, and <i>happen-before</i> {@link #close()}, {@link
 * #shutdown(boolean) shutdown(true)} or a successful {@link #awaitTermination awaitTermination}
 * returns.
 */
public final class StructuredExecutor implements ExecutorService {

    /*
     * Implementation notes.
     *
     * This class is the public face; each protocol lives in a file of its own:
     *   Termination  the pending count, exact mode, busy transitions, the busy children,
     *                RUNNING -> SHUTDOWN -> TERMINATED (with the submit/shutdown Dekker pair)
     *   Supervisor   fail-fast, the timeout, cancel modes and cancelling everything
     *   TaskHost     the executor as its tasks see it: thread start, the TaskTable, the
     *                bookkeeping around each body (Workers: the maxConcurrency driver, over Slots)
     *   Admission    the submit path: count, state check, hand-off; map()'s reservations
     *   Diagnostics  describe(), JFR events, thread names, the sampled peak
     *   TaskThreadMark  which executor a thread runs tasks for: parents, close() from inside
     *   Settings     what the Builder collected, immutable
     *
     * Rejected: extending AbstractExecutorService (its submit makes a FutureTask, we need our own
     * future); a lock around submit (it would serialise concurrent submitters); a ThreadLocal for
     * "the executor of the current task" (a ThreadLocalMap per virtual thread, on every task) and a
     * search of the active executors at every open() (O(executors) per request in a server that
     * opens a scope per request): our threads carry a TaskThreadMark instead, set by the factory.
     */

    private final long shutdownGraceNanos;
    private final @Nullable StructuredExecutor parent;
    private final Counters counters = new Counters();
    private final Termination termination;
    private final Supervisor supervisor;
    private final TaskHost host;
    private final Diagnostics diagnostics;
    private final Admission admission;

    private StructuredExecutor(Settings settings) {
        Thread.Builder.OfVirtual virtual =
                Thread.ofVirtual()
                        .inheritInheritableThreadLocals(settings.inheritInheritableThreadLocals())
                        .uncaughtExceptionHandler(new TaskThreadMark(this));
        String name = settings.name();
        ThreadFactory factory =
                settings.threadFactory() != null
                        ? settings.threadFactory()
                        : name == null ? virtual.factory() : virtual.name(name + "-", 1).factory();
        this.shutdownGraceNanos = settings.shutdownGracePeriod().toNanos();
        JvmShutdown.registerHook();
        this.parent = TaskThreadMark.currentTaskExecutor();
        this.diagnostics = new Diagnostics(this, name);
        this.termination =
                new Termination(this, parent == null ? null : parent.termination, this::terminated);
        this.supervisor = new Supervisor(this, settings.failFast());
        this.host = new TaskHost(this, factory, settings.maxConcurrency());
        this.admission = new Admission(this, settings.decorator());
    }

    /** The executor's last bookkeeping, once, when it terminates. */
    private void terminated() {
        diagnostics.commitClose();
        host.close();
    }

    // The parts, for each other (see the notes).
    Termination termination() {
        return termination;
    }

    Supervisor supervisor() {
        return supervisor;
    }

    TaskHost host() {
        return host;
    }

    TaskTable tasks() {
        return host.tasks();
    }

    Diagnostics diagnostics() {
        return diagnostics;
    }

    Admission admission() {
        return admission;
    }

    Counters counters() {
        return counters;
    }

    long shutdownGraceNanos() {
        return shutdownGraceNanos;
    }

    /** The raw pending count, child units included; for tests. */
    long pendingUnits() {
        return termination.pending();
    }

    /**
     * Opens an executor with the default settings: unnamed, unbounded, with the default {@linkplain
     * StructuredExecutorBuilder#shutdownGracePeriod shutdown grace period}. Does not block.
     *
     * @return a new executor, running
     */
    public static StructuredExecutor open() {
        return new StructuredExecutorBuilder().open();
    }

    /** Opens an executor with these settings; the builder's open(). */
    static StructuredExecutor open(Settings settings, @Nullable Duration timeout) {
        StructuredExecutor executor = new StructuredExecutor(settings);
        if (timeout != null) {
            executor.supervisor.startClock(timeout); // after construction: the clock sees it whole
        }
        return executor;
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
    public static StructuredExecutorBuilder builder() {
        return new StructuredExecutorBuilder();
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
        return admission.start(admission.task(task));
    }

    /**
     * Submits a task to run as {@link #submit(Callable)} does; its future's {@code get} returns
     * {@code null}. Does not block.
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
     * {@code result}. Does not block.
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
        return admission.start(admission.task(new RunnableCall<>(task, result)));
    }

    /**
     * Submits a task whose body returns nothing and may throw checked exceptions, such as {@code ()
     * -> Files.delete(path)}, to run as {@link #submit(Callable)} does; its future's {@code get}
     * returns {@code null}, or throws {@link ExecutionException} with what the body threw. Python's
     * {@code e.submit(os.remove, path)}. Does not block.
     *
     * @param action the body
     * @return the task's future
     * @throws NullPointerException if {@code action} is null; nothing is submitted
     * @throws RejectedExecutionException as for {@link #submit(Callable)}
     */
    public TaskFuture<@Nullable Void> submitAction(TaskAction action) {
        Objects.requireNonNull(action, "action");
        return this.<@Nullable Void>submit(
                () -> {
                    action.run();
                    return null;
                });
    }

    /**
     * Runs a task as {@link #submit(Callable)} does, without a future. If it throws, the exception
     * goes to the thread's {@linkplain Thread.UncaughtExceptionHandler uncaught exception handler}
     * (by default printed to {@code System.err}), as for a plain thread: it is not swallowed. Does
     * not block.
     *
     * @param task the task
     * @throws NullPointerException if {@code task} is null; nothing is submitted
     * @throws RejectedExecutionException as for {@link #submit(Callable)}
     */
    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        Callable<@Nullable Void> call = new RunnableCall<@Nullable Void>(task, null);
        var unused = admission.<@Nullable Void>start(admission.executedTask(call));
    }

    /**
     * Python's {@code map(fn, items)}: applies {@code fn} to every item, each on its own task, and
     * returns a stream of the results in input order, as they become available. Every item is
     * submitted inside this call; use {@link MapOptions#bufferSize(int)} for large or unbounded
     * inputs.
     *
     * <p>When the stream reaches a task that failed, it throws {@link
     * java.util.concurrent.CompletionException} with the task's exception as cause, and cancels
     * (with interrupt) every task not yet yielded. Closing the stream before its end also cancels
     * them, even if it was never consumed (Python does not; we do), so use it in try-with-resources
     * or consume it whole. The stream keeps no reference to a result it has yielded. Waiting for a
     * result blocks the consuming thread; an interrupt while waiting cancels the rest and throws
     * {@code CompletionException} with an {@link InterruptedException} cause, leaving the interrupt
     * flag set.
     *
     * @param fn the function
     * @param items the input, iterated in this call
     * @param <T> the item type
     * @param <R> the result type
     * @return a sequential, ordered stream of the results
     * @throws NullPointerException if {@code fn} or {@code items} is null; nothing is submitted
     * @throws RejectedExecutionException if this executor is shut down; nothing is submitted. If a
     *     submit is rejected part-way (a racing shutdown), the tasks already submitted are
     *     cancelled
     * @throws RuntimeException whatever the input's iterator throws, after the tasks already
     *     submitted are cancelled
     */
    public <T extends @Nullable Object, R extends @Nullable Object> Stream<R> map(
            TaskFunction<? super T, ? extends R> fn, Iterable<? extends T> items) {
        return map(fn, items, MapOptions.defaults());
    }

    /**
     * As {@link #map(TaskFunction, Iterable)}, with Python's {@code timeout} and {@code
     * buffersize}; the call itself does not block (beyond iterating the first items), the stream's
     * steps do. With a {@linkplain MapOptions#timeout timeout}, counted from this call, the stream
     * throws {@link java.util.concurrent.CompletionException} with a {@link
     * java.util.concurrent.TimeoutException} cause when the deadline passes before the next result,
     * and cancels the rest. With a {@linkplain MapOptions#bufferSize buffer size n}, only n items
     * are submitted in this call and one more each time the stream yields a result, read from the
     * input by the consuming thread; if the input's iterator throws then, the stream throws it
     * after cancelling the rest; if the executor was shut down meanwhile, the stream throws {@link
     * RejectedExecutionException}.
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
            TaskFunction<? super T, ? extends R> fn,
            Iterable<? extends T> items,
            MapOptions options) {
        Objects.requireNonNull(fn, "fn");
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(options, "options");
        admission.rejectIfClosed();
        return MapSpliterator.stream(this, fn, items, options);
    }

    /**
     * As {@link #map(TaskFunction, Iterable)}, over the elements of a {@link Stream}, which is read
     * as lazily as an {@code Iterable}: every element inside this call, so an infinite stream needs
     * {@link #map(TaskFunction, Stream, MapOptions)} with a buffer size. Closing the returned
     * stream closes {@code items} too.
     *
     * @param fn the function
     * @param items the input stream, consumed by this call (and by the stream's steps)
     * @param <T> the item type
     * @param <R> the result type
     * @return a sequential, ordered stream of the results
     * @throws NullPointerException if {@code fn} or {@code items} is null; nothing is submitted
     * @throws RejectedExecutionException as for {@link #map(TaskFunction, Iterable)}
     * @throws IllegalStateException if {@code items} was already operated upon or closed
     * @throws RuntimeException whatever the input stream throws, after the tasks already submitted
     *     are cancelled
     */
    public <T extends @Nullable Object, R extends @Nullable Object> Stream<R> map(
            TaskFunction<? super T, ? extends R> fn, Stream<? extends T> items) {
        return map(fn, items, MapOptions.defaults());
    }

    /**
     * As {@link #map(TaskFunction, Iterable, MapOptions)}, over the elements of a {@link Stream}.
     * With a {@linkplain MapOptions#bufferSize buffer size}, an infinite stream works: only as many
     * elements are read as are submitted ({@code map(f, Stream.iterate(0, i -> i + 1),
     * MapOptions.defaults().bufferSize(16)).limit(100)}). Closing the returned stream closes {@code
     * items} too.
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
     * @throws RuntimeException whatever the input stream throws, after the tasks already submitted
     *     are cancelled
     */
    public <T extends @Nullable Object, R extends @Nullable Object> Stream<R> map(
            TaskFunction<? super T, ? extends R> fn,
            Stream<? extends T> items,
            MapOptions options) {
        Objects.requireNonNull(fn, "fn");
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(options, "options");
        admission.rejectIfClosed();
        return MapSpliterator.stream(this, fn, items, options);
    }

    /**
     * Python's {@code shutdown(wait)}: stops accepting tasks and, if {@code wait}, waits until
     * every pending task has finished. {@code shutdown(true)} is {@link #close()}; {@code
     * shutdown(false)} returns at once, and the executor frees what it holds when its last pending
     * task ends. Either way the JVM does not exit while a task is pending.
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
     * Python's {@code shutdown(wait, cancel_futures)}: stops accepting tasks; if {@code
     * cancelFutures}, cancels every pending task whose body has not started yet (running tasks are
     * never interrupted by this method); then, if {@code wait}, waits as {@link #close()} does.
     *
     * @param wait whether to wait for the pending tasks, as {@link #close()} does (an interrupt
     *     while waiting cancels the pending tasks with interrupt and keeps waiting)
     * @param cancelFutures whether to cancel the tasks that have not started
     * @throws IllegalStateException if {@code wait} and the caller is one of this executor's own
     *     tasks; nothing is changed
     * @throws ScopeFailedException if {@code wait}, as for {@link #close()}
     */
    public void shutdown(boolean wait, boolean cancelFutures) {
        if (wait) {
            shutdownAndWait("shutdown(true)", cancelFutures);
        } else {
            termination.shutDown();
            if (cancelFutures) {
                supervisor.cancelNotStarted();
            }
        }
    }

    /** shutdown(true, cancelFutures) and close(), which name themselves in the refusal. */
    private void shutdownAndWait(String method, boolean cancelFutures) {
        TaskThreadMark.rejectWaitFromInside(this, method);
        termination.shutDown();
        if (cancelFutures) {
            supervisor.cancelNotStarted();
        }
        termination.awaitCancellingOnInterrupt(this::shutdownNow);
        ScopeFailedException failed = supervisor.failure(toString());
        if (failed != null) {
            throw failed;
        }
    }

    /**
     * Stops accepting tasks and returns at once; the pending tasks keep running. The same as {@link
     * #shutdown(boolean) shutdown(false)}: the JVM still does not exit while a task is pending.
     * Does not block.
     */
    @Override
    public void shutdown() {
        termination.shutDown();
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
        termination.shutDown();
        return supervisor.cancelEverything();
    }

    /**
     * Python's {@code with} block exit: stops accepting tasks and waits until every pending task
     * has finished. Does nothing if already terminated.
     *
     * <p>If the calling thread is interrupted while it waits, every pending task is cancelled with
     * interrupt ({@link #shutdownNow()}), and {@code close} keeps waiting until they have all
     * ended; it then returns with the interrupt flag set.
     *
     * @throws IllegalStateException if called from one of this executor's own tasks (it would wait
     *     for itself; Python raises "cannot join current thread"); nothing is changed
     * @throws ScopeFailedException after waiting, if a task failed in a {@linkplain
     *     StructuredExecutorBuilder#failFast fail-fast} executor or the {@linkplain
     *     StructuredExecutorBuilder#timeout timeout} elapsed with tasks pending; thrown by every
     *     later {@code close} too
     */
    @Override
    public void close() {
        shutdownAndWait("close()", false);
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
        return termination.terminated().await(timeout, unit);
    }

    /**
     * Returns whether a shutdown has begun. Does not block.
     *
     * @return {@code true} after any shutdown method was called
     */
    @Override
    public boolean isShutdown() {
        return termination.state() >= Termination.SHUTDOWN;
    }

    /**
     * Returns whether this executor has shut down and every pending task has finished. Does not
     * block.
     *
     * @return {@code true} if terminated
     */
    @Override
    public boolean isTerminated() {
        return termination.state() == Termination.TERMINATED;
    }

    /**
     * Returns the number of tasks submitted and not yet finished executing, including tasks whose
     * future was cancelled while their body still runs, and tasks waiting for a slot. Tasks of
     * child executors are not counted here (though this executor waits for them). A snapshot; does
     * not block. While a {@code map} call submits its items, up to 63 of them may be counted just
     * before they are submitted: {@code map} counts them in batches (see docs/benchmarks.md).
     *
     * @return the pending count
     */
    public int pendingCount() {
        return (int) Math.max(0L, Math.min(termination.pendingTasks(), Integer.MAX_VALUE));
    }

    /**
     * Submits every task and waits until all are done; see {@link
     * ExecutorService#invokeAll(Collection)}. If the calling thread is interrupted while it waits,
     * or a task cannot be submitted, the tasks not yet done are cancelled with interrupt before the
     * exception is thrown.
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
     * interrupt) the tasks not done; see {@link ExecutorService#invokeAll(Collection, long,
     * TimeUnit)}.
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
     * the others are then cancelled with interrupt. See {@link
     * ExecutorService#invokeAny(Collection)}.
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
     * As {@link #invokeAny(Collection)}, but gives up when the timeout elapses, cancelling every
     * task.
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
        int running = diagnostics.samplePeak();
        return counters.snapshot(termination.enteredSum(), pendingCount(), running);
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
        diagnostics.describe(out, "", "");
        return out.toString();
    }

    /**
     * Returns a description: name, state and pending count, such as {@code
     * StructuredExecutor[crawler, RUNNING, pending=3]}. Does not block.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "StructuredExecutor["
                + diagnostics.label()
                + ", "
                + termination.stateName()
                + ", pending="
                + pendingCount()
                + "]";
    }
}
