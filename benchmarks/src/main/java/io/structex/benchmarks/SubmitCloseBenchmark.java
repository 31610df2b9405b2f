package io.structex.benchmarks;

import java.util.concurrent.ExecutorService;
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
 * P1: open, submit 100k trivial tasks, then {@code close()}. Target ([5/5]): structex / JDK <= 1.00
 * in every fork.
 *
 * <p>Run: {@code benchmarks/run SubmitCloseBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SubmitCloseBenchmark {

    static final int TASKS = 100_000;

    @Param public Impl impl;

    /** One op = one task; an invocation submits 100k and closes. */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public void submitThenClose(Blackhole bh) {
        submitThenClose(impl.open(), bh);
    }

    /** The scenario on an executor just opened (PairedBenchmark runs it too). */
    static void submitThenClose(ExecutorService opened, Blackhole bh) {
        try (ExecutorService executor = opened) {
            for (int i = 0; i < TASKS; i++) {
                int x = i;
                bh.consume(executor.submit(() -> x));
            }
        }
    }
}
