package io.structex.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import io.structex.ExecutorStats;
import io.structex.MapOptions;
import io.structex.StructuredExecutor;
import io.structex.StructuredExecutorBuilder;
import io.structex.TaskFunction;
import io.structex.TaskFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * structex's scope over a Hazelcast cluster: the tasks run on the cluster's members (a member or a
 * client connects this JVM to it), and everything {@link StructuredExecutor} promises holds on this
 * JVM, computed from the remote runs this scope issued, never from Hazelcast's own executor
 * lifecycle. A task is pending until its remote run has ended or is known lost; {@link #close()}
 * joins; {@link #shutdown(boolean) shutdown(false)} returns and this JVM does not exit until its
 * remote tasks are done; {@linkplain Builder#failFast fail-fast} and the {@linkplain
 * Builder#timeout timeout} cancel the remote runs with interrupt; {@linkplain
 * Builder#maxConcurrency maxConcurrency} bounds the tasks of this scope in flight in the cluster;
 * opened inside a task of a structex executor, it is that task's child scope.
 *
 * <p>Tasks travel by Java serialization: a lambda given to {@code submit} or {@code map} is sent as
 * it is ({@link RemoteCallable}, {@link RemoteRunnable}, {@link RemoteFunction}); a task that
 * cannot be serialized fails at submit with {@link IllegalArgumentException}, with nothing sent and
 * nothing pending. Each member needs the task's classes on its class path. A cluster must sit on a
 * trusted network; see {@link ClusterSecurity} and {@code docs/cluster.md}.
 *
 * <p>A task goes to a member picked round-robin; if that member leaves before the task ended, the
 * task's future fails with {@link TaskLostException}, or the task is sent to another member while
 * {@linkplain Builder#retries retries} are left. A member that shuts down gracefully ({@code
 * HazelcastInstance.shutdown()}) first lets the tasks it runs end and answer, and refuses those
 * that reach it later, which are then sent to another member whatever the retries (nothing of them
 * ran). Hazelcast's threads keep a JVM alive while its instance runs: see {@link
 * Builder#closesInstance} for a program that ends with {@code shutdown(false)}.
 *
 * <p><b>Memory consistency effects:</b> as for {@link StructuredExecutor}, on this JVM: actions
 * before a submit happen-before the task is sent; the arrival of its result happens-before {@code
 * get} returns it, and before {@code close()} returns.
 */
public final class ClusterExecutor implements ExecutorService {

    private final StructuredExecutor scope;
    private final Dispatch dispatch;

    private ClusterExecutor(StructuredExecutor scope, Dispatch dispatch) {
        this.scope = scope;
        this.dispatch = dispatch;
    }

    /**
     * Opens a scope over the cluster of {@code hazelcast} (a member or a client) with the default
     * settings. Does not block.
     *
     * @param hazelcast the local member or client
     * @return a new scope, running
     * @throws NullPointerException if {@code hazelcast} is null
     */
    public static ClusterExecutor open(HazelcastInstance hazelcast) {
        return builder(hazelcast).open();
    }

    /**
     * Returns a builder for a scope over the cluster of {@code hazelcast}. Does not block.
     *
     * @param hazelcast the local member or client
     * @return a new builder with the default settings
     * @throws NullPointerException if {@code hazelcast} is null
     */
    public static Builder builder(HazelcastInstance hazelcast) {
        return new Builder(Objects.requireNonNull(hazelcast, "hazelcast"));
    }

    /** The local body of a remote task: send it, wait for it. */
    private <T extends @Nullable Object> Callable<T> remote(Callable<T> task) {
        return () -> dispatch.run(task);
    }

    private static <T> T sendable(T task) {
        Objects.requireNonNull(task, "task");
        Sendable.require(task, "the task " + task.getClass().getName());
        return task;
    }

    /**
     * Submits a task to run on a member. Does not block (beyond serializing the task once to check
     * that it can be sent, and sending it from the calling thread). No local thread waits for the
     * task ({@link StructuredExecutor#submitAsync}): the future's done-callbacks and dependent
     * stages run on a virtual thread, never on Hazelcast's.
     *
     * @param task the task, serializable with what it captures
     * @param <T> the result type, serializable
     * @return the task's future; {@code get} throws {@link ExecutionException} with what the task
     *     threw on the member, a {@link TaskLostException}, or an {@link IllegalStateException}
     *     that says why the member could not load, run or answer the task
     * @throws NullPointerException if {@code task} is null
     * @throws IllegalArgumentException if the task cannot be serialized; nothing is submitted
     * @throws RejectedExecutionException if this scope is shut down; nothing is submitted
     */
    public <T> TaskFuture<T> submit(RemoteCallable<T> task) {
        return submit((Callable<T>) task);
    }

    /**
     * As {@link #submit(RemoteCallable)}, for a {@code Callable} that is itself {@code
     * Serializable} (a lambda is sent through the other overload). Does not block.
     *
     * @throws NullPointerException if {@code task} is null
     * @throws IllegalArgumentException if the task cannot be serialized; nothing is submitted
     * @throws RejectedExecutionException if this scope is shut down; nothing is submitted
     */
    @Override
    public <T> TaskFuture<T> submit(Callable<T> task) {
        Callable<T> checked = sendable(task);
        return scope.submitAsync(() -> dispatch.start(checked)); // no thread per task: see Dispatch
    }

    /**
     * Submits a task to run on a member; its future's {@code get} returns {@code null}. Does not
     * block.
     *
     * @param task the task
     * @return the task's future
     * @throws NullPointerException if {@code task} is null
     * @throws IllegalArgumentException if the task cannot be serialized; nothing is submitted
     * @throws RejectedExecutionException if this scope is shut down; nothing is submitted
     */
    public TaskFuture<?> submit(RemoteRunnable task) {
        return submit((Runnable) task);
    }

    /**
     * As {@link #submit(RemoteRunnable)}, for a {@code Runnable} that is itself {@code
     * Serializable}. Does not block.
     *
     * @throws NullPointerException if {@code task} is null
     * @throws IllegalArgumentException if the task cannot be serialized; nothing is submitted
     * @throws RejectedExecutionException if this scope is shut down; nothing is submitted
     */
    @Override
    public TaskFuture<?> submit(Runnable task) {
        return this.<@Nullable Object>submit(task, null);
    }

    /**
     * Submits a task to run on a member; its future's {@code get} returns {@code result}, which
     * stays on this JVM. Does not block.
     *
     * @param task the task
     * @param result the result for the future
     * @param <T> the result type
     * @return the task's future
     * @throws NullPointerException if {@code task} is null
     * @throws IllegalArgumentException if the task cannot be serialized; nothing is submitted
     * @throws RejectedExecutionException if this scope is shut down; nothing is submitted
     */
    public <T extends @Nullable Object> TaskFuture<T> submit(RemoteRunnable task, T result) {
        return submit((Runnable) task, result);
    }

    /**
     * As {@link #submit(RemoteRunnable, Object)}, for a {@code Runnable} that is itself {@code
     * Serializable}. Does not block.
     *
     * @throws NullPointerException if {@code task} is null
     * @throws IllegalArgumentException if the task cannot be serialized; nothing is submitted
     * @throws RejectedExecutionException if this scope is shut down; nothing is submitted
     */
    @Override
    public <T extends @Nullable Object> TaskFuture<T> submit(Runnable task, T result) {
        RunnableCall<@Nullable Object> call =
                new RunnableCall<@Nullable Object>(sendable(task), null);
        return scope.submitAsync(() -> dispatch.start(call, result));
    }

    /**
     * Runs a task on a member without a future: a failure goes to the uncaught exception handler of
     * the local (virtual) thread that waits for it. Does not block.
     *
     * @param task the task
     * @throws NullPointerException if {@code task} is null
     * @throws IllegalArgumentException if the task cannot be serialized; nothing is submitted
     * @throws RejectedExecutionException if this scope is shut down; nothing is submitted
     */
    public void execute(RemoteRunnable task) {
        execute((Runnable) task);
    }

    /**
     * As {@link #execute(RemoteRunnable)}, for a {@code Runnable} that is itself {@code
     * Serializable}. Does not block.
     *
     * @throws NullPointerException if {@code task} is null
     * @throws IllegalArgumentException if the task cannot be serialized; nothing is submitted
     * @throws RejectedExecutionException if this scope is shut down; nothing is submitted
     */
    @Override
    public void execute(Runnable task) {
        RunnableCall<@Nullable Object> call =
                new RunnableCall<@Nullable Object>(sendable(task), null);
        scope.execute(
                () -> {
                    try {
                        dispatch.run(call);
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new CompletionException(e);
                    }
                });
    }

    /**
     * Python's {@code map} over the cluster: applies {@code fn} to every item, each on a member,
     * and returns the results in input order as they become available; see {@link
     * StructuredExecutor#map(TaskFunction, Iterable)}, whose rules hold here. An item or a result
     * that cannot be serialized fails that step of the stream.
     *
     * @param fn the function, serializable with what it captures
     * @param items the input, iterated in this call
     * @param <T> the item type
     * @param <R> the result type
     * @return a sequential, ordered stream of the results
     * @throws NullPointerException if {@code fn} or {@code items} is null; nothing is submitted
     * @throws IllegalArgumentException if {@code fn} cannot be serialized; nothing is submitted
     * @throws RejectedExecutionException if this scope is shut down; nothing is submitted
     */
    public <T, R> Stream<R> map(
            RemoteFunction<? super T, ? extends R> fn, Iterable<? extends T> items) {
        return map((TaskFunction<? super T, ? extends R>) fn, items, MapOptions.defaults());
    }

    /**
     * As {@link #map(RemoteFunction, Iterable)}, with Python's {@code timeout} and {@code
     * buffersize}; see {@link StructuredExecutor#map(TaskFunction, Iterable, MapOptions)}.
     *
     * @param fn the function, serializable with what it captures
     * @param items the input
     * @param options the timeout and buffer size
     * @param <T> the item type
     * @param <R> the result type
     * @return a sequential, ordered stream of the results
     * @throws NullPointerException if an argument is null; nothing is submitted
     * @throws IllegalArgumentException if {@code fn} cannot be serialized; nothing is submitted
     * @throws RejectedExecutionException if this scope is shut down; nothing is submitted
     */
    public <T, R> Stream<R> map(
            RemoteFunction<? super T, ? extends R> fn,
            Iterable<? extends T> items,
            MapOptions options) {
        return map((TaskFunction<? super T, ? extends R>) fn, items, options);
    }

    /**
     * As {@link #map(RemoteFunction, Iterable)}, for a {@code TaskFunction} that is itself {@code
     * Serializable} (a lambda is sent through the other overload).
     *
     * @param fn the function
     * @param items the input
     * @param <T> the item type
     * @param <R> the result type
     * @return a sequential, ordered stream of the results
     * @throws NullPointerException if {@code fn} or {@code items} is null; nothing is submitted
     * @throws IllegalArgumentException if {@code fn} cannot be serialized; nothing is submitted
     * @throws RejectedExecutionException if this scope is shut down; nothing is submitted
     */
    public <T, R> Stream<R> map(
            TaskFunction<? super T, ? extends R> fn, Iterable<? extends T> items) {
        return map(fn, items, MapOptions.defaults());
    }

    /**
     * As {@link #map(RemoteFunction, Iterable, MapOptions)}, for a {@code TaskFunction} that is
     * itself {@code Serializable}.
     *
     * @param fn the function
     * @param items the input
     * @param options the timeout and buffer size
     * @param <T> the item type
     * @param <R> the result type
     * @return a sequential, ordered stream of the results
     * @throws NullPointerException if an argument is null; nothing is submitted
     * @throws IllegalArgumentException if {@code fn} cannot be serialized; nothing is submitted
     * @throws RejectedExecutionException if this scope is shut down; nothing is submitted
     */
    public <T, R> Stream<R> map(
            TaskFunction<? super T, ? extends R> fn,
            Iterable<? extends T> items,
            MapOptions options) {
        Objects.requireNonNull(fn, "fn");
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(options, "options");
        Sendable.require(fn, "the function " + fn.getClass().getName());
        return scope.map(item -> dispatch.run(new FunctionCall<T, R>(fn, item)), items, options);
    }

    private <T> List<Callable<T>> remoteAll(Collection<? extends Callable<T>> tasks) {
        Objects.requireNonNull(tasks, "tasks");
        List<Callable<T>> remote = new ArrayList<>(tasks.size());
        for (Callable<T> task : tasks) {
            remote.add(remote(sendable(Objects.requireNonNull(task, "a task is null"))));
        }
        return remote;
    }

    /**
     * Runs every task on the members and waits until all are done; see {@link
     * StructuredExecutor#invokeAll(Collection)}.
     *
     * @throws InterruptedException if interrupted while waiting; the tasks not done are cancelled
     * @throws NullPointerException if {@code tasks} or an element is null; nothing is submitted
     * @throws IllegalArgumentException if a task cannot be serialized; nothing is submitted
     * @throws RejectedExecutionException if a task cannot be submitted
     */
    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks)
            throws InterruptedException {
        return scope.invokeAll(remoteAll(tasks));
    }

    /**
     * As {@link #invokeAll(Collection)}, with a timeout; see {@link
     * StructuredExecutor#invokeAll(Collection, long, TimeUnit)}.
     *
     * @throws InterruptedException if interrupted while waiting; the tasks not done are cancelled
     * @throws NullPointerException if {@code tasks}, an element or {@code unit} is null; nothing is
     *     submitted
     * @throws IllegalArgumentException if a task cannot be serialized; nothing is submitted
     * @throws RejectedExecutionException if a task cannot be submitted
     */
    @Override
    public <T> List<Future<T>> invokeAll(
            Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        Objects.requireNonNull(unit, "unit");
        return scope.invokeAll(remoteAll(tasks), timeout, unit);
    }

    /**
     * Runs every task on the members and returns the result of one that succeeded; see {@link
     * StructuredExecutor#invokeAny(Collection)}.
     *
     * @throws InterruptedException if interrupted while waiting; every task is cancelled
     * @throws ExecutionException if no task succeeded; its cause is the last failure
     * @throws IllegalArgumentException if {@code tasks} is empty, or a task cannot be serialized;
     *     nothing is submitted
     * @throws NullPointerException if {@code tasks} or an element is null; nothing is submitted
     * @throws RejectedExecutionException if a task cannot be submitted
     */
    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks)
            throws InterruptedException, ExecutionException {
        return scope.invokeAny(remoteAll(tasks));
    }

    /**
     * As {@link #invokeAny(Collection)}, with a timeout.
     *
     * @throws InterruptedException if interrupted while waiting; every task is cancelled
     * @throws ExecutionException if no task succeeded; its cause is the last failure
     * @throws TimeoutException if no task succeeded in time
     * @throws IllegalArgumentException if {@code tasks} is empty, or a task cannot be serialized;
     *     nothing is submitted
     * @throws NullPointerException if {@code tasks}, an element or {@code unit} is null; nothing is
     *     submitted
     * @throws RejectedExecutionException if a task cannot be submitted
     */
    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        Objects.requireNonNull(unit, "unit");
        return scope.invokeAny(remoteAll(tasks), timeout, unit);
    }

    /**
     * Python's {@code shutdown(wait)}; see {@link StructuredExecutor#shutdown(boolean)}. With
     * {@code false} this JVM still does not exit while a remote task is pending.
     *
     * @param wait whether to wait for the pending tasks
     * @throws IllegalStateException if {@code wait} and called from a local task of this scope
     * @throws io.structex.ScopeFailedException if {@code wait}, as for {@link #close()}
     */
    public void shutdown(boolean wait) {
        scope.shutdown(wait);
    }

    /**
     * Python's {@code shutdown(wait, cancel_futures)}; see {@link
     * StructuredExecutor#shutdown(boolean, boolean)}.
     *
     * @param wait whether to wait for the pending tasks
     * @param cancelFutures whether to cancel the tasks not yet sent
     * @throws IllegalStateException if {@code wait} and called from a local task of this scope
     * @throws io.structex.ScopeFailedException if {@code wait}, as for {@link #close()}
     */
    public void shutdown(boolean wait, boolean cancelFutures) {
        scope.shutdown(wait, cancelFutures);
    }

    /** Stops accepting tasks and returns at once; see {@link StructuredExecutor#shutdown()}. */
    @Override
    public void shutdown() {
        scope.shutdown();
    }

    /**
     * Stops accepting tasks and cancels every pending task, interrupting the remote runs; see
     * {@link StructuredExecutor#shutdownNow()}. Does not block.
     *
     * @return the tasks never sent; running one sends it
     */
    @Override
    public List<Runnable> shutdownNow() {
        return scope.shutdownNow();
    }

    /**
     * Python's {@code with} exit: stops accepting tasks and waits until every remote task has ended
     * or is known lost; see {@link StructuredExecutor#close()} for interrupts.
     *
     * @throws IllegalStateException if called from a local task of this scope
     * @throws io.structex.ScopeFailedException if a task failed in a fail-fast scope or the timeout
     *     elapsed with tasks pending
     */
    @Override
    public void close() {
        scope.close();
    }

    /**
     * Waits up to {@code gracePeriod}, then cancels the remote tasks left; see {@link
     * StructuredExecutor#close(Duration)}.
     *
     * @param gracePeriod how long the tasks may take to end by themselves
     * @return whether every task ended within the grace period
     * @throws NullPointerException if {@code gracePeriod} is null; nothing is changed
     * @throws IllegalArgumentException if {@code gracePeriod} is negative; nothing is changed
     * @throws IllegalStateException if called from a local task of this scope
     * @throws io.structex.ScopeFailedException as for {@link #close()}
     */
    public boolean close(Duration gracePeriod) {
        return scope.close(gracePeriod);
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return scope.awaitTermination(timeout, unit);
    }

    @Override
    public boolean isShutdown() {
        return scope.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return scope.isTerminated();
    }

    /**
     * Returns the number of tasks submitted and not yet ended (remote runs in flight, and tasks
     * waiting for a {@code maxConcurrency} slot). Does not block.
     *
     * @return the pending count
     */
    public int pendingCount() {
        return scope.pendingCount();
    }

    /**
     * Returns this scope's name; see {@link StructuredExecutor#name()}. Does not block.
     *
     * @return the name given to the builder, or an identity for an unnamed scope
     */
    public String name() {
        return scope.name();
    }

    /**
     * Returns this scope's counters; see {@link StructuredExecutor#stats()}. Does not block.
     *
     * @return the counters now
     */
    public ExecutorStats stats() {
        return scope.stats();
    }

    /**
     * Renders this scope and its pending tasks: a task of {@code submit} with the member its remote
     * run is on, one of {@code execute}, {@code map} or {@code invokeAll} as the local thread that
     * waits for it; see {@link StructuredExecutor#describe()}. Does not block.
     *
     * @return the tree, one line per scope or task
     */
    public String describe() {
        return "ClusterExecutor over " + dispatch.executorName() + ": " + scope.describe();
    }

    /**
     * Returns a description: name, state, pending count and Hazelcast executor. Does not block.
     *
     * @return the description
     */
    @Override
    public String toString() {
        String s = scope.toString();
        return "ClusterExecutor"
                + s.substring(s.indexOf('['), s.length() - 1)
                + ", executor="
                + dispatch.executorName()
                + "]";
    }

    /**
     * Settings for a new {@link ClusterExecutor}. Not thread-safe; each {@link #open()} makes an
     * independent scope. No method of a builder blocks.
     */
    public static final class Builder {

        private final HazelcastInstance hazelcast;
        private final StructuredExecutorBuilder scope = StructuredExecutor.builder();
        private String executorName = "structex";
        private int retries;
        private boolean closesInstance;

        private Builder(HazelcastInstance hazelcast) {
            this.hazelcast = hazelcast;
        }

        /**
         * Names the scope (and the local threads that wait for the remote runs of {@code execute},
         * {@code map} and {@code invokeAll}).
         *
         * @param name the name
         * @return this builder
         * @throws NullPointerException if {@code name} is null
         * @throws IllegalArgumentException if {@code name} is blank
         */
        public Builder name(String name) {
            scope.name(name);
            return this;
        }

        /**
         * Sets the Hazelcast executor that runs the tasks on the members: its pool size and queue
         * come from the members' {@code ExecutorConfig} of that name. Default {@code "structex"}.
         *
         * @param hazelcastExecutorName the name of the {@code IExecutorService}
         * @return this builder
         * @throws NullPointerException if the name is null
         * @throws IllegalArgumentException if the name is blank
         */
        public Builder executorName(String hazelcastExecutorName) {
            Objects.requireNonNull(hazelcastExecutorName, "hazelcastExecutorName");
            if (hazelcastExecutorName.isBlank()) {
                throw new IllegalArgumentException("executor name is blank");
            }
            this.executorName = hazelcastExecutorName;
            return this;
        }

        /**
         * Bounds how many tasks of this scope are in flight in the cluster at once; the others wait
         * on this JVM, not yet sent.
         *
         * @param max at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code max < 1}
         */
        public Builder maxConcurrency(int max) {
            scope.maxConcurrency(max);
            return this;
        }

        /**
         * Makes the scope fail fast: the first task that fails cancels the others (interrupting
         * their remote runs), and {@code close()} throws; see {@link
         * StructuredExecutorBuilder#failFast(boolean)}.
         *
         * @param failFast whether the first failure cancels the rest
         * @return this builder
         */
        public Builder failFast(boolean failFast) {
            scope.failFast(failFast);
            return this;
        }

        /**
         * Bounds the scope's life; see {@link StructuredExecutorBuilder#timeout(Duration)}.
         *
         * @param timeout positive
         * @return this builder
         * @throws NullPointerException if {@code timeout} is null
         * @throws IllegalArgumentException if {@code timeout} is zero or negative
         */
        public Builder timeout(Duration timeout) {
            scope.timeout(timeout);
            return this;
        }

        /**
         * Sets how many times a task is sent again, each time to another member while one is left,
         * when the member running it leaves the cluster before it ended. For idempotent tasks only:
         * a lost run may have done part of its work. Default 0: the future fails with {@link
         * TaskLostException}.
         *
         * @param maxRetries zero or more
         * @return this builder
         * @throws IllegalArgumentException if {@code maxRetries} is negative
         */
        public Builder retries(int maxRetries) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("retries must not be negative: " + maxRetries);
            }
            this.retries = maxRetries;
            return this;
        }

        /**
         * Makes the scope shut its Hazelcast instance down ({@code HazelcastInstance.shutdown()},
         * gracefully) once the scope has terminated (on a thread of its own, just after {@code
         * close()} returns, or, after {@code shutdown(false)}, once the last remote task ended).
         * That is what a program that connects as a client (or a member of its own) needs for
         * {@code shutdown(false)} at the end of {@code main}: Hazelcast's threads are not daemon
         * threads, so this JVM never exits while the instance runs, and shutting the instance down
         * while tasks are pending fails them. Default {@code false}: the instance is the caller's.
         *
         * @param closes whether the scope shuts the instance down when it terminates
         * @return this builder
         */
        public Builder closesInstance(boolean closes) {
            this.closesInstance = closes;
            return this;
        }

        /**
         * Opens the scope. Opened inside a task of a structex executor, it is that task's child
         * scope. Does not block.
         *
         * @return a new scope, running
         */
        public ClusterExecutor open() {
            StructuredExecutor opened = scope.open();
            Dispatch dispatch = new Dispatch(hazelcast, executorName, retries);
            boolean closes = closesInstance;
            Thread.ofVirtual() // no task of the scope: it holds nothing, and ends with the scope
                    .name("structex-cluster-listener")
                    .start(
                            () -> {
                                try {
                                    opened.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
                                } catch (InterruptedException e) {
                                    return;
                                }
                                dispatch.close();
                                if (closes) {
                                    hazelcast.shutdown();
                                }
                            });
            return new ClusterExecutor(opened, dispatch);
        }
    }
}
