package io.structex.benchmarks;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * P7 (informational, no target in the issue): a per-request scope, as a server would open one per
 * request: open an executor, fork 3 tasks, get their results, close. Measures what open() and
 * close() cost (the JDK thread container, the close event, the parent lookup) against the JDK
 * executor doing the same.
 *
 * <p>Run: {@code benchmarks/run ScopeBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ScopeBenchmark {

    @Param public Impl impl;

    /** One op = one scope. */
    @Benchmark
    public int openForkThreeClose() throws InterruptedException, ExecutionException {
        try (ExecutorService scope = impl.open()) {
            Future<Integer> a = scope.submit(() -> 1);
            Future<Integer> b = scope.submit(() -> 2);
            Future<Integer> c = scope.submit(() -> 3);
            return a.get() + b.get() + c.get();
        }
    }
}
