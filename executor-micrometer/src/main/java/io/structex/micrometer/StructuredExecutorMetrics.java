package io.structex.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.structex.ExecutorStats;
import io.structex.StructuredExecutor;
import java.lang.ref.WeakReference;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * Binds a structex executor's counters ({@link StructuredExecutor#stats()}) to a Micrometer {@link
 * MeterRegistry}:
 *
 * <table class="striped">
 *   <caption>Meters, each tagged {@code name} with the executor's name</caption>
 *   <thead><tr><th>meter</th><th>type</th><th>what</th></tr></thead>
 *   <tbody>
 *     <tr><td>{@code structex.tasks.pending}</td><td>gauge</td><td>submitted, not
 *         finished</td></tr>
 *     <tr><td>{@code structex.tasks.running}</td><td>gauge</td><td>bodies running now</td></tr>
 *     <tr><td>{@code structex.tasks.waiting}</td><td>gauge</td><td>queued for a slot
 *         ({@code maxConcurrency}); 0 without it</td></tr>
 *     <tr><td>{@code structex.tasks.submitted}</td><td>function counter</td><td>accepted</td></tr>
 *     <tr><td>{@code structex.tasks.rejected}</td><td>function counter</td><td>refused with
 *         {@code RejectedExecutionException}</td></tr>
 *     <tr><td>{@code structex.tasks.completed}</td><td>function counter</td><td>finished, tagged
 *         {@code outcome} = {@code success}, {@code failed} or {@code cancelled}</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>In Prometheus they are {@code structex_tasks_pending}, ..., {@code
 * structex_tasks_submitted_total}, {@code structex_tasks_completed_total{outcome="success"}}.
 *
 * <p><b>Cost.</b> Binding adds nothing to a task's path: every meter reads {@code stats()} when the
 * registry reads it (a scrape), and {@code stats()} derives its figures from the executor's own
 * bookkeeping (see {@link ExecutorStats}); {@code running} and {@code waiting} count the running
 * tasks then, in time proportional to the most tasks that ran at once.
 *
 * <p><b>Lifetime.</b> Built from an executor, the meters hold it weakly, as Micrometer's own
 * executor meters do: an executor that terminated and is no longer referenced can be collected, and
 * its gauges then read {@code NaN} and its counters keep their last values. Built from a supplier
 * (the form for a {@code ClusterExecutor} of {@code io.structex.hazelcast}, or any other source of
 * {@link ExecutorStats}), the meters hold the supplier strongly; remove them from the registry to
 * let it go.
 *
 * {@snippet class=io.structex.micrometer.Snippets region=bind}
 *
 * <p><b>Memory consistency effects:</b> a meter's reading reflects the executor's counters as
 * {@code stats()} returns them at the moment of the reading; no happens-before order is promised
 * between a task's actions and a reading beyond what {@code stats()} promises.
 */
public final class StructuredExecutorMetrics implements MeterBinder {

    private final String name;
    private final Source source;
    private final Iterable<Tag> tags;

    /**
     * Meters for {@code executor}, tagged {@code name} with {@link StructuredExecutor#name()} and
     * with {@code tags}. Does not block; binds nothing until {@link #bindTo}.
     *
     * @param executor the executor, held weakly by the meters
     * @param tags more tags for every meter (for example {@code Tags.of("app", "crawler")}); a
     *     {@code name} tag among them is replaced by the executor's name
     * @throws NullPointerException if an argument is null
     */
    public StructuredExecutorMetrics(StructuredExecutor executor, Iterable<Tag> tags) {
        this(executor.name(), new WeakSource(executor), tags);
    }

    /**
     * Meters for any source of {@link ExecutorStats}, such as a {@code ClusterExecutor}: {@code new
     * StructuredExecutorMetrics(cluster.name(), cluster::stats, Tags.empty())}. Does not block;
     * binds nothing until {@link #bindTo}.
     *
     * @param name the value of the {@code name} tag
     * @param stats what each meter reads; called on the registry's reading thread, held strongly
     * @param tags more tags for every meter; a {@code name} tag among them is replaced by {@code
     *     name}
     * @throws NullPointerException if an argument is null
     */
    public StructuredExecutorMetrics(
            String name, Supplier<ExecutorStats> stats, Iterable<Tag> tags) {
        this(name, (Source) Objects.requireNonNull(stats, "stats")::get, tags);
    }

    private StructuredExecutorMetrics(String name, Source source, Iterable<Tag> tags) {
        this.name = Objects.requireNonNull(name, "name");
        this.source = source;
        this.tags = Objects.requireNonNull(tags, "tags");
    }

    /**
     * Registers the meters in {@code registry}. Binding the same executor twice to one registry
     * registers nothing new (Micrometer finds the meters by name and tags). Does not block beyond
     * the registry's own registration.
     *
     * @param registry the registry
     * @throws NullPointerException if {@code registry} is null
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        Tags all = Tags.of(tags).and("name", name);
        gauge(registry, all, "pending", "Tasks submitted and not finished", ExecutorStats::pending);
        gauge(registry, all, "running", "Task bodies running now", ExecutorStats::running);
        gauge(
                registry,
                all,
                "waiting",
                "Tasks queued for a slot (maxConcurrency); 0 without a bound",
                ExecutorStats::waiting);
        counter(registry, all, "submitted", "Tasks accepted", ExecutorStats::submitted);
        counter(
                registry,
                all,
                "rejected",
                "Submit attempts refused with RejectedExecutionException",
                ExecutorStats::rejected);
        String completed = "Tasks finished, by outcome";
        counter(
                registry,
                all.and("outcome", "success"),
                "completed",
                completed,
                ExecutorStats::completed);
        counter(
                registry,
                all.and("outcome", "failed"),
                "completed",
                completed,
                ExecutorStats::failed);
        counter(
                registry,
                all.and("outcome", "cancelled"),
                "completed",
                completed,
                ExecutorStats::cancelled);
    }

    private void gauge(
            MeterRegistry registry,
            Tags tags,
            String what,
            String description,
            ToLongFunction<ExecutorStats> value) {
        // Held strongly: the source is a weak reference itself, or the user's supplier, which the
        // gauges thus keep alive for the counters too (a FunctionCounter holds its object weakly).
        Gauge.builder("structex.tasks." + what, source, s -> read(s.stats(), value))
                .description(description)
                .tags(tags)
                .strongReference(true)
                .register(registry);
    }

    private void counter(
            MeterRegistry registry,
            Tags tags,
            String what,
            String description,
            ToLongFunction<ExecutorStats> value) {
        FunctionCounter.builder("structex.tasks." + what, source, s -> read(s.lastStats(), value))
                .description(description)
                .tags(tags)
                .register(registry);
    }

    private static double read(@Nullable ExecutorStats stats, ToLongFunction<ExecutorStats> value) {
        return stats == null ? Double.NaN : value.applyAsLong(stats);
    }

    /** Where the meters read. */
    @FunctionalInterface
    private interface Source {
        /** The counters now; null once the executor is gone. */
        @Nullable ExecutorStats stats();

        /** The counters now, or the last read once the executor is gone (totals stay). */
        default @Nullable ExecutorStats lastStats() {
            return stats();
        }
    }

    /** An executor, held weakly; its last counters are kept for the totals. */
    private static final class WeakSource implements Source {
        private final WeakReference<StructuredExecutor> executor;
        private volatile @Nullable ExecutorStats last; // written and read by reading threads

        WeakSource(StructuredExecutor executor) {
            this.executor = new WeakReference<>(executor);
        }

        @Override
        public @Nullable ExecutorStats stats() {
            StructuredExecutor e = executor.get();
            if (e == null) {
                return null;
            }
            ExecutorStats now = e.stats();
            last = now;
            return now;
        }

        @Override
        public @Nullable ExecutorStats lastStats() {
            ExecutorStats now = stats();
            return now != null ? now : last;
        }
    }
}
