package io.structex.benchmarks;

import io.structex.StructuredExecutor;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of structex's JFR events (io.structex.TaskEnd, io.structex.ExecutorClose) on P1's
 * workload: "off" is the default (no recording of them), "on" records both into a running JFR
 * recording. See docs/observability.md.
 *
 * <p>Run: {@code benchmarks/run JfrEventsBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JfrEventsBenchmark {

    static final int TASKS = 100_000;

    @Param({"off", "on"})
    public String events;

    private Recording recording;

    @Setup(Level.Trial)
    public void startRecording() {
        if (events.equals("on")) {
            recording = new Recording();
            recording.enable("io.structex.TaskEnd");
            recording.enable("io.structex.ExecutorClose");
            recording.setToDisk(false);
            recording.setMaxSize(64L << 20);
            recording.start();
        }
    }

    @TearDown(Level.Trial)
    public void stopRecording() {
        if (recording != null) {
            recording.close();
        }
    }

    /** One op = one task. */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public void submitThenClose(Blackhole bh) {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            for (int i = 0; i < TASKS; i++) {
                int x = i;
                bh.consume(executor.submit(() -> x));
            }
        }
    }
}
