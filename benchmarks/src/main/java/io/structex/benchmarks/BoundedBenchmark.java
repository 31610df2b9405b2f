package io.structex.benchmarks;

import io.structex.StructuredExecutor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * P5: 200k trivial tasks through {@code maxConcurrency(8)}, against {@code
 * Executors.newFixedThreadPool(8)}: submit all, then close. Target ([5/5]): structex / pool <= 0.80
 * in every fork. This is the benchmark of the slot hand-off (Slots, Workers, WaitQueue).
 *
 * <p>Run: {@code benchmarks/run BoundedBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BoundedBenchmark {

    static final int TASKS = 200_000;

    /** structex's maxConcurrency(8), or the JDK's fixed pool of 8 platform threads. */
    @Param({"structex", "fixedPool"})
    public String impl;

    /** One op = one task. */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public void boundedThenClose(Blackhole bh) {
        boundedThenClose(
                impl.equals("structex")
                        ? StructuredExecutor.builder().maxConcurrency(8).open()
                        : Executors.newFixedThreadPool(8),
                bh);
    }

    /** The scenario on an executor just opened (PairedBenchmark runs it too). */
    static void boundedThenClose(ExecutorService opened, Blackhole bh) {
        try (ExecutorService executor = opened) {
            for (int i = 0; i < TASKS; i++) {
                int x = i;
                bh.consume(executor.submit(() -> x));
            }
        }
    }
}
