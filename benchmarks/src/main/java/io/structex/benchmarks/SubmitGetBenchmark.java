package io.structex.benchmarks;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * P2: sequential {@code submit(x).get()}, the cost of the keep-alive mechanism per task (it must
 * not start a platform thread per task). Target ([5/5]): structex / JDK <= 1.00 in every fork.
 *
 * <p>Run: {@code benchmarks/run SubmitGetBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SubmitGetBenchmark {

    static final int LOOP = 10_000;

    @Param public Impl impl;

    private ExecutorService executor;

    @Setup(Level.Trial)
    public void open() {
        executor = impl.open();
    }

    @TearDown(Level.Trial)
    public void close() {
        executor.close();
    }

    /** One op = one submit(x).get(); an invocation is the loop of 10k. */
    @Benchmark
    @OperationsPerInvocation(LOOP)
    public long submitGetLoop() throws InterruptedException, ExecutionException {
        return submitGetLoop(executor);
    }

    /** The scenario on an open executor (PairedBenchmark runs it too). */
    static long submitGetLoop(ExecutorService executor)
            throws InterruptedException, ExecutionException {
        long sum = 0;
        for (int i = 0; i < LOOP; i++) {
            int x = i;
            sum += executor.submit(() -> x).get();
        }
        return sum;
    }
}
