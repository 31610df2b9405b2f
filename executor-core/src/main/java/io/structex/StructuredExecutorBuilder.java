package io.structex;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Settings for a new {@link StructuredExecutor}. Not thread-safe; each {@link #open()} makes an
 * independent executor with the settings of the moment. No method of a builder blocks.
 */
public final class StructuredExecutorBuilder {

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
    private @Nullable Boolean holdsJvmExit; // null: as the parent (a child), else true

    StructuredExecutorBuilder() {}

    /**
     * Names the executor; its task threads are then named {@code name-1}, {@code name-2}, ...
     * Unnamed executors run unnamed threads, as the JDK's virtual-thread executor does.
     *
     * @param name the name
     * @return this builder
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public StructuredExecutorBuilder name(String name) {
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
     * false); a waiting task has no thread. As in Python, the tasks run on at most {@code max}
     * worker threads (virtual ones): a worker is started when a task gets a free slot, runs the
     * tasks waiting after it one by one, and ends when none waits (a fixed pool keeps its threads;
     * a worker holds nothing while there is no work). A task thus runs on a thread that earlier
     * tasks of this executor may have used: it sees their {@link ThreadLocal} values and the
     * thread's name, but never an interrupt meant for another task (the interrupt status is cleared
     * between tasks, and a {@code cancel(true)} reaches a task's thread only while that task runs).
     * Use a {@link #taskDecorator(TaskDecorator) task decorator} to set per-task context. If no
     * thread can be created for a waiting task when its turn comes, its future fails with {@link
     * RejectedExecutionException}. The default is unbounded: a new virtual thread per task.
     *
     * @param max the most tasks that may run at once, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code max < 1}
     */
    public StructuredExecutorBuilder maxConcurrency(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxConcurrency must be at least 1: " + max);
        }
        this.maxConcurrency = max;
        return this;
    }

    /**
     * Sets how long this executor's pending tasks may keep running once the JVM has been asked to
     * exit ({@code System.exit}, SIGTERM), counted from the start of JVM shutdown. When it has
     * elapsed, the tasks still pending are interrupted (cancelled, as by {@code shutdownNow}) and
     * get at most one more second to end, so that their {@code finally} blocks run; then the JVM
     * exits, whatever still runs, and logs which tasks ended and which it abandoned. The default is
     * {@link #DEFAULT_SHUTDOWN_GRACE_PERIOD}; {@link Duration#ZERO} interrupts at once. It has no
     * effect on a normal exit (the end of {@code main}), which always waits for every task.
     *
     * @param gracePeriod the grace period, zero or positive
     * @return this builder
     * @throws NullPointerException if {@code gracePeriod} is null
     * @throws IllegalArgumentException if {@code gracePeriod} is negative
     */
    public StructuredExecutorBuilder shutdownGracePeriod(Duration gracePeriod) {
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
     * interrupting those that run, and shuts the executor down. {@link StructuredExecutor#close()}
     * then throws {@link ScopeFailedException} whose cause is that first failure and whose
     * suppressed exceptions are the failures of tasks that failed on their own before they could be
     * cancelled. A task's {@code InterruptedException} or {@code CancellationException} caused by
     * that cancelling is not a failure. Without fail-fast (the default), {@code close()} never
     * throws because of a task.
     *
     * @param failFast whether the first failure cancels the rest
     * @return this builder
     */
    public StructuredExecutorBuilder failFast(boolean failFast) {
        this.failFast = failFast;
        return this;
    }

    /**
     * Bounds the executor's life, counted from {@link #open()}: when the timeout elapses, the
     * executor shuts down and every pending task (its children's too) is cancelled with interrupt;
     * if any task was pending then, {@link StructuredExecutor#close()} throws {@link
     * ScopeFailedException} with a {@link TimeoutException} cause. Tasks that all finish in time:
     * no exception. The clock is a virtual thread that ends with the executor. {@link
     * StructuredExecutor#deadline()} reports the deadline; a child scope's is never later than its
     * parent's.
     *
     * @param timeout the time allowed, positive
     * @return this builder
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public StructuredExecutorBuilder timeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.timeout = timeout;
        return this;
    }

    /**
     * Sets whether task threads inherit the submitting thread's {@link InheritableThreadLocal}
     * values, as virtual threads do by default (the default here too). Note that {@code
     * ScopedValue} bindings are never inherited by task threads: the JDK passes them only to
     * threads forked by its own {@code StructuredTaskScope}. Use a {@link
     * #taskDecorator(TaskDecorator) task decorator} to carry other context.
     *
     * @param inherit whether to inherit inheritable thread-locals
     * @return this builder
     */
    public StructuredExecutorBuilder inheritInheritableThreadLocals(boolean inherit) {
        this.inheritInheritableThreadLocals = inherit;
        return this;
    }

    /**
     * Sets the factory of the task threads, instead of structex's own virtual-thread factory (which
     * {@link #name(String)} and {@link #inheritInheritableThreadLocals(boolean)} configure and
     * which this replaces). Each task still gets a new thread from it. The factory should make
     * virtual threads: a platform thread per task costs far more, and the exit promise then rests
     * on whatever daemon status the factory gives. If the factory throws or returns {@code null},
     * the submit throws {@link RejectedExecutionException} (for a task waiting for a {@link
     * #maxConcurrency(int) slot}, its future fails with it) and nothing is left pending.
     *
     * @param factory the thread factory
     * @return this builder
     * @throws NullPointerException if {@code factory} is null
     */
    public StructuredExecutorBuilder threadFactory(ThreadFactory factory) {
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
    public StructuredExecutorBuilder taskDecorator(TaskDecorator decorator) {
        this.decorator = Objects.requireNonNull(decorator, "decorator");
        return this;
    }

    /**
     * Sets whether this executor's pending tasks keep the JVM from exiting: the exit promise, on by
     * default. With {@code false}, the JDK's behaviour (opt-in): when {@code main} returns and only
     * such tasks are pending, the JVM exits without waiting for them, and {@code System.exit}'s
     * grace period does not wait for them either; they are not interrupted, their threads just
     * stop, as daemon threads do. Everything else is unchanged: {@code close()} still waits for
     * them. A child executor inherits its parent's setting unless it sets its own; note that a busy
     * child counts as pending work of its parent, so a child that does not hold the JVM still holds
     * it through a parent that does.
     *
     * @param holds whether pending tasks hold the JVM
     * @return this builder
     */
    public StructuredExecutorBuilder holdsJvmExit(boolean holds) {
        this.holdsJvmExit = holds;
        return this;
    }

    /**
     * Opens a new executor with these settings. If called from a task of another {@code
     * StructuredExecutor}, the new executor is that executor's <em>child</em>: cancelling the
     * parent (fail-fast, timeout, {@code shutdownNow}, an interrupted {@code close}) cancels the
     * child's tasks too, and the parent does not terminate, nor its {@code close} return, while a
     * task of the child is pending. A task of the child may not wait for the parent ({@code
     * close()} throws {@link IllegalStateException}). The parent holds a child only while the child
     * has pending tasks: a child that is idle and that nobody references is garbage, however long
     * its parent lives; when it gets tasks again, it follows a shutdown or cancellation that its
     * parent began meanwhile. Does not block.
     *
     * @return a new executor, running
     */
    public StructuredExecutor open() {
        if (threadFactory != null) {
            TaskThreadMark.customThreadFactoryUsed();
        }
        return StructuredExecutor.open(
                new Settings(
                        name,
                        shutdownGracePeriod,
                        maxConcurrency,
                        failFast,
                        inheritInheritableThreadLocals,
                        decorator,
                        threadFactory,
                        holdsJvmExit),
                timeout);
    }
}
