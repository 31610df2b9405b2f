package io.structex.benchmarks;

import java.util.concurrent.CountDownLatch;
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

/**
 * P6: 8 platform threads submit 100k trivial tasks each, concurrently, into one executor, then
 * close: the pending-task bookkeeping under contention. Target ([5/5]): structex / JDK <= 1.00 in
 * every fork.
 *
 * <p>Run: {@code benchmarks/run ConcurrentSubmitBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ConcurrentSubmitBenchmark {

    static final int SUBMITTERS = 8;
    static final int TASKS_EACH = 100_000;

    @Param public Impl impl;

    /** One op = one task. */
    @Benchmark
    @OperationsPerInvocation(SUBMITTERS * TASKS_EACH)
    public void eightSubmittersThenClose() throws InterruptedException {
        eightSubmittersThenClose(impl.open());
    }

    /** The scenario on an executor just opened (PairedBenchmark runs it too). */
    static void eightSubmittersThenClose(ExecutorService opened) throws InterruptedException {
        try (ExecutorService executor = opened) {
            CountDownLatch go = new CountDownLatch(1);
            Thread[] submitters = new Thread[SUBMITTERS];
            for (int s = 0; s < SUBMITTERS; s++) {
                submitters[s] =
                        Thread.ofPlatform()
                                .start(
                                        () -> {
                                            try {
                                                go.await();
                                            } catch (InterruptedException e) {
                                                return;
                                            }
                                            for (int i = 0; i < TASKS_EACH; i++) {
                                                int x = i;
                                                executor.submit(() -> x);
                                            }
                                        });
            }
            go.countDown();
            for (Thread t : submitters) {
                t.join();
            }
        }
    }
}
