package io.structex.benchmarks;

import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.structex.StructuredExecutor;
import io.structex.micrometer.StructuredExecutorMetrics;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * P1 with and without executor-micrometer's meters: "unbound" is P1's structex side; "bound" binds
 * {@code StructuredExecutorMetrics} to a Prometheus registry at open, and scrapes it once the
 * executor is closed (then removes the meters, as a scope's end would). Target: bound / unbound <=
 * 1.05 ([4/4]). See docs/metrics.md.
 *
 * <p>Run: {@code benchmarks/run MetricsBoundBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MetricsBoundBenchmark {

    static final int TASKS = 100_000;

    @Param({"unbound", "bound"})
    public String metrics;

    private final PrometheusMeterRegistry registry =
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /** One op = one task. */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public void submitThenClose(Blackhole bh) {
        boolean bound = metrics.equals("bound");
        StructuredExecutor executor = StructuredExecutor.builder().name("p1").open();
        if (bound) {
            new StructuredExecutorMetrics(executor, Tags.empty()).bindTo(registry);
        }
        try (executor) {
            for (int i = 0; i < TASKS; i++) {
                int x = i;
                bh.consume(executor.submit(() -> x));
            }
        }
        if (bound) {
            bh.consume(registry.scrape());
            registry.clear();
        }
    }
}
