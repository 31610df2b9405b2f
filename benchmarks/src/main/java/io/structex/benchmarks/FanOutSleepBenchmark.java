package io.structex.benchmarks;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * P3: fan out 100k tasks that each sleep 200 ms, then close: wall time of the whole scope (the
 * floor is 200 ms). Target ([5/5]): structex / JDK <= 1.00 in every fork.
 *
 * <p>Run: {@code benchmarks/run FanOutSleepBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 8)
public class FanOutSleepBenchmark {

    static final int TASKS = 100_000;

    @Param public Impl impl;

    @Benchmark
    public void fanOutThenClose() {
        fanOutThenClose(impl.open());
    }

    /** The scenario on an executor just opened (PairedBenchmark runs it too). */
    static void fanOutThenClose(ExecutorService opened) {
        try (ExecutorService executor = opened) {
            for (int i = 0; i < TASKS; i++) {
                executor.submit(
                        () -> {
                            Thread.sleep(200);
                            return null;
                        });
            }
        }
    }
}
