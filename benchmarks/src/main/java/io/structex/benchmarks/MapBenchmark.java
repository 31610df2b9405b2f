package io.structex.benchmarks;

import io.structex.StructuredExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * P4: {@code map} over 200k items, consumed in order, against the JDK executor with every item
 * submitted and then each future's {@code get} in order. Target ([5/5]): structex / JDK <= 1.05 in
 * every fork.
 *
 * <p>Run: {@code benchmarks/run MapBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MapBenchmark {

    static final int ITEMS = 200_000;

    @Param public Impl impl;

    private List<Integer> items;

    @Setup
    public void items() {
        items = new ArrayList<>(ITEMS);
        for (int i = 0; i < ITEMS; i++) {
            items.add(i);
        }
    }

    /** One op = one item. */
    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long mapInOrder() throws InterruptedException, ExecutionException {
        return impl == Impl.structex ? map(items) : submitAllThenGet(items);
    }

    /** structex's side (PairedBenchmark runs it too). */
    static long map(List<Integer> items) {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            return executor.map(i -> i + 1, items).mapToLong(Integer::longValue).sum();
        }
    }

    /** The JDK's side (PairedBenchmark runs it too). */
    static long submitAllThenGet(List<Integer> items)
            throws InterruptedException, ExecutionException {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> futures = new ArrayList<>(ITEMS);
            for (Integer item : items) {
                futures.add(executor.submit(() -> item + 1));
            }
            long sum = 0;
            for (Future<Integer> f : futures) {
                sum += f.get();
            }
            return sum;
        }
    }
}
