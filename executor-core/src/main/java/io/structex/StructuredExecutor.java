package io.structex;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
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
 * are pending, they get the executor's {@linkplain StructuredExecutorBuilder#shutdownGracePeriod
 * grace period} to finish, then are interrupted and get one more second to run their {@code
 * finally} blocks; submissions are rejected from the start ("cannot schedule new futures after
 * interpreter shutdown"). {@link StructuredExecutorBuilder#holdsJvmExit holdsJvmExit(false)} opts
 * out of the exit promise.
 *
 * <p><b>Options.</b> {@link #builder()} adds Python's {@code max_workers} ({@link
 * StructuredExecutorBuilder#maxConcurrency maxConcurrency}) and thread names, and what structured
 * concurrency adds: {@linkplain StructuredExecutorBuilder#failFast fail-fast} scopes, {@linkplain
 * StructuredExecutorBuilder#timeout deadlines}, and child scopes (an executor opened inside a task
 * of another is its child, see {@link StructuredExecutorBuilder#open()}). Ending a scope: {@link
 * #close(Duration)}, {@link #submitBackground background tasks}, {@link #deadline()}, {@link
 * #shielded shielded} cleanup. {@link #stats()}, {@link #describe()} and {@link #toString()} show
 * what it is doing.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread before it submits a task
 * <i>happen-before</i> the task's body starts; actions of a task <i>happen-before</i> a successful
 * return from its future's {@code get}, and <i>happen-before</i> {@link #close()}, {@link
 * #shutdown(boolean) shutdown(true)} or a successful {@link #awaitTermination awaitTermination}
 * returns.
 */
public final class StructuredExecutor extends AbstractInvokingExecutor implements ExecutorService {

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
     *   StageTask    submitAsync: a task without a thread, pending until its stage completes
     *   BackgroundTasks  submitBackground: background work, cancelled when it is all that is left
     *   Shields      shielded(): cancelling interrupts held back until a body ends
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

    private final Settings settings; // read again by the first submitBackground
    final long shutdownGraceNanos; // read by JvmShutdown
    final @Nullable StructuredExecutor parent; // that opened this one from one of its tasks
    // The parts, for each other (see the notes).
    final Counters counters = new Counters();
    final Termination termination;
    final Supervisor supervisor;
    final TaskHost host;
    final Diagnostics diagnostics;
    final Admission admission;

    private StructuredExecutor(Settings settings, @Nullable Duration timeout) {
        this.settings = settings;
        this.shutdownGraceNanos = settings.shutdownGracePeriod().toNanos();
        JvmShutdown.registerHook();
        this.parent = TaskThreadMark.currentTaskExecutor();
        Boolean holds = settings.holdsJvmExit();
        this.diagnostics = new Diagnostics(this, settings.name());
        this.termination =
                new Termination(
                        this,
                        parent == null ? null : parent.termination,
                        KeepAlive.of(
                                holds != null
                                        ? holds
                                        : parent == null || parent.termination.holdsJvmExit()),
                        parent != null && TaskThreadMark.currentIsBackground(),
                        this::terminated);
        this.supervisor = new Supervisor(this, settings.failFast(), timeout, parent);
        this.host = TaskHost.ofTasks(this, settings);
        this.admission = new Admission(this, settings.decorator());
    }

    /** The executor's last bookkeeping, once, when it terminates. */
    private void terminated() {
        diagnostics.commitClose();
        host.close();
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
        StructuredExecutor executor = new StructuredExecutor(settings, timeout);
        if (timeout != null) {
            executor.supervisor.startClock(timeout); // after construction: the clock sees it whole
        }
        return executor;
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
     * Submits a task without a thread of its own: {@code start} begins asynchronous work (an HTTP
     * client's {@code sendAsync}, a remote call) and returns its stage; the task is pending until
     * the stage completes, and its future completes as the stage does. {@code start} runs in the
     * calling thread, in this call (with {@code maxConcurrency}: on a worker, once a slot is free,
     * which then waits for the stage), so it must not block; if it throws or returns null, the
     * future fails. A cancel with interrupt (also {@link #shutdownNow()}, fail-fast, a timeout)
     * calls {@code cancel(true)} on the stage if it is a {@link java.util.concurrent.Future}, in
     * the cancelling thread. No code of yours runs on the thread that completes the stage: the
     * future's done-callbacks (and {@code toCompletableFuture}'s dependents) run on a virtual
     * thread, and the task is pending until they have run. See docs/semantics.md. Does not block
     * (but for {@code start}), nor check the caller's interrupt (which {@code start} may see).
     *
     * @param start begins the work and returns its stage
     * @param <T> the type of the task's result
     * @return the task's future
     * @throws NullPointerException if {@code start} is null; nothing is submitted
     * @throws RejectedExecutionException as for {@link #submit(Callable)}; {@code start} not called
     */
    public <T extends @Nullable Object> TaskFuture<T> submitAsync(
            Callable<? extends CompletionStage<T>> start) {
        Objects.requireNonNull(start, "start");
        return admission.start(admission.stageTask(start));
    }

    /**
     * Submits a helper task (a progress reporter, a heartbeat, a watcher) that the end of the scope
     * stops instead of waiting for: once this executor is shut down and every other pending task
     * (its children's included) has ended, each background task still pending is cancelled with
     * interrupt, from a virtual thread, and {@link #close()} returns when it has ended. Until then
     * it is a task like any other: pending, counted in {@link #pendingCount()} and {@link
     * #stats()}, marked {@code background} in {@link #describe()}, its failure failing a fail-fast
     * scope, cancelled by {@link #shutdownNow()}. It runs on a virtual thread of its own, named
     * {@code name-background-n}, and never waits for a {@code maxConcurrency} slot. A child scope
     * that a background task opens is background work too. An executor never shut down holds the
     * JVM for its background tasks as for any task. Does not block.
     *
     * @param task the task
     * @param <T> the type of the task's result
     * @return the task's future
     * @throws NullPointerException if {@code task} is null; nothing is submitted
     * @throws RejectedExecutionException as for {@link #submit(Callable)}
     */
    public <T extends @Nullable Object> TaskFuture<T> submitBackground(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        return termination.background(() -> new BackgroundTasks(this, settings)).submit(task);
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
        admission.rejectMapIfClosed();
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
        admission.rejectMapIfClosed();
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
        throwIfFailed();
    }

    private void throwIfFailed() {
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
     * Python's {@code with} exit with a bound: stops accepting tasks and waits up to {@code
     * gracePeriod} for the pending tasks to end; then cancels those still pending with interrupt
     * (as {@link #shutdownNow()}) and waits until they have ended. {@link Duration#ZERO} cancels at
     * once whatever is pending. A task that ignores its interrupt keeps this method waiting, as it
     * keeps {@link #close()} (and the JDK's {@code close()}) waiting: the bound is on the grace,
     * not on the wait. An interrupt of the waiting thread cancels at once and keeps waiting, as in
     * {@code close()}; the method then returns false with the interrupt flag set.
     *
     * @param gracePeriod how long the tasks may take to end by themselves, zero or positive
     * @return {@code true} if every task ended within the grace period, {@code false} if the tasks
     *     still pending then had to be cancelled
     * @throws NullPointerException if {@code gracePeriod} is null; nothing is changed
     * @throws IllegalArgumentException if {@code gracePeriod} is negative; nothing is changed
     * @throws IllegalStateException as for {@link #close()}; nothing is changed
     * @throws ScopeFailedException as for {@link #close()}; a cancellation by this method is not a
     *     failure
     */
    public boolean close(Duration gracePeriod) {
        Objects.requireNonNull(gracePeriod, "gracePeriod");
        if (gracePeriod.isNegative()) {
            throw new IllegalArgumentException("negative grace period: " + gracePeriod);
        }
        TaskThreadMark.rejectWaitFromInside(this, "close(Duration)");
        termination.shutDown();
        boolean inTime =
                termination.awaitWithinThenCancel(
                        StructuredTask.nonNegativeNanos(gracePeriod), this::shutdownNow);
        throwIfFailed();
        return inTime;
    }

    /**
     * Returns this executor's effective deadline: the earlier of its own {@linkplain
     * StructuredExecutorBuilder#timeout timeout}'s end and its ancestors' deadlines, so that a task
     * can size its own I/O timeouts. A child opened in a task of a parent with a deadline has one
     * no later than the parent's, even without a timeout of its own, and its tasks are cancelled
     * when the parent's deadline passes. Fixed when the executor is opened; does not block.
     *
     * @return the deadline, or empty if neither this executor nor an ancestor has a timeout
     */
    public Optional<Instant> deadline() {
        return Optional.ofNullable(supervisor.deadline());
    }

    /**
     * Returns the executor whose task the calling thread is running (its innermost scope), if any.
     * Empty in a thread that no structex executor started, including a thread that a task started
     * itself. Does not block; O(1), except in threads of a custom {@linkplain
     * StructuredExecutorBuilder#threadFactory thread factory} (a search of the busy executors).
     *
     * @return the calling task's executor, or empty
     */
    public static Optional<StructuredExecutor> current() {
        return Optional.ofNullable(TaskThreadMark.currentTaskExecutor());
    }

    /**
     * Runs {@code body} on the calling thread, shielded from cancellation: while it runs, a
     * cancellation of the calling task ({@code cancel(true)}, {@link #shutdownNow()}, fail-fast, a
     * timeout, a parent's cancellation, the end of the background tasks or of the JVM's grace
     * period) does not interrupt the thread; the interrupt is delivered (the flag set) when the
     * body returns or throws, and the task's future is already cancelled. If the thread's interrupt
     * flag is set when the body begins (a cancellation that came earlier), it is cleared during the
     * body and set again after it. Nested calls are shielded by the outermost. An interrupt that
     * user code sends with {@link Thread#interrupt()} is not held back. Outside a task of a
     * structex executor, just runs {@code body}. Blocks for as long as the body does.
     *
     * @param body the cleanup to run to its end
     * @param <T> the body's result type
     * @return what the body returned
     * @throws NullPointerException if {@code body} is null
     * @throws Exception whatever the body threw, unchanged
     */
    public static <T extends @Nullable Object> T shielded(Callable<T> body) throws Exception {
        return Shields.run(body);
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
     * Returns a snapshot of this executor's counters: tasks submitted, completed, failed,
     * cancelled, rejected, pending, running now, waiting for a slot, and the peak running (see
     * {@link ExecutorStats} for how exact each is). Read without locking while tasks run, so the
     * numbers need not add up exactly until the executor is terminated. Does not block; it scans
     * the executor's table of running tasks, which takes time proportional to the most tasks that
     * ever ran at once.
     *
     * @return the counters now
     */
    public ExecutorStats stats() {
        int running = diagnostics.samplePeak();
        return counters.snapshot(termination.enteredSum(), pendingCount(), running, host.bounded());
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
     * Returns this executor's name, as {@link StructuredExecutorBuilder#name} gave it, or, for an
     * unnamed executor, {@code @} and its identity hash code in hexadecimal (as {@link #toString()}
     * shows it): what metrics and events tag it with. Does not block.
     *
     * @return the name, never null
     */
    public String name() {
        return diagnostics.label();
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
