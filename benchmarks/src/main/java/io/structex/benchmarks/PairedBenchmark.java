package io.structex.benchmarks;

import io.structex.StructuredExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * P1-P6 with both sides in every fork: each invocation runs the scenario once on structex and once
 * on its baseline, in alternating order, and times each side; a fork's ratio is structex's time
 * over the baseline's, summed over its measured iterations ([5/5]'s table, {@code benchmarks/run
 * --table}).
 *
 * <p>Why: the per-scenario benchmarks ({@code SubmitCloseBenchmark}, ...) run each side in forks of
 * its own, minutes apart, so "fork i of structex over fork i of the JDK" pairs two JVMs that each
 * drew their own young-generation size from G1 (P4 and P6 are decided per JVM by it: see
 * docs/benchmarks.md) and two moments of a shared machine. Here both sides share one JVM, its heap
 * sizing and its neighbours, as the issue's own check does (both sides alternating in one JVM).
 *
 * <p>The primary score (time per pair) means nothing by itself; the secondary results {@code
 * structexNs}, {@code baselineNs} and {@code pairs} are what {@code report.py} reads.
 *
 * <p>Run: {@code benchmarks/run --table}, or {@code benchmarks/run PairedBenchmark -p scenario=P1}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PairedBenchmark {

    /** The scenario: the id of docs/benchmarks.md's table. */
    @Param({"P1", "P2", "P3", "P4", "P5", "P6"})
    public String scenario;

    /** Each side's nanoseconds in one iteration, and the pairs run: reset per iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Sides {
        /** structex's time in this iteration, ns. */
        public long structexNs;

        /** The baseline's time in this iteration, ns. */
        public long baselineNs;

        /** Invocations (each runs both sides once) in this iteration. */
        public long pairs;

        /** Zeroes the counters at the start of an iteration. */
        @Setup(Level.Iteration)
        public void reset() {
            structexNs = 0;
            baselineNs = 0;
            pairs = 0;
        }
    }

    private List<Integer> items = List.of(); // P4
    private ExecutorService structexP2 = StructuredExecutor.open(); // P2: one open executor a side
    private ExecutorService jdkP2 = Executors.newVirtualThreadPerTaskExecutor();
    private long invocations; // across iterations: the order alternates over the whole fork

    /** The items of P4. */
    @Setup(Level.Trial)
    public void setUp() {
        items = new ArrayList<>(MapBenchmark.ITEMS);
        for (int i = 0; i < MapBenchmark.ITEMS; i++) {
            items.add(i);
        }
    }

    /** Closes P2's executors. */
    @TearDown(Level.Trial)
    public void tearDown() {
        structexP2.close();
        jdkP2.close();
    }

    /**
     * One run of the scenario on each side, structex first in even invocations, the baseline first
     * in odd ones.
     *
     * @param sides where each side's time goes
     * @param bh the sink of P1's and P5's futures
     * @throws Exception if a side fails
     */
    @Benchmark
    public void pair(Sides sides, Blackhole bh) throws Exception {
        boolean structexFirst = (invocations++ & 1L) == 0L;
        if (structexFirst) {
            sides.structexNs += time(true, bh);
            sides.baselineNs += time(false, bh);
        } else {
            sides.baselineNs += time(false, bh);
            sides.structexNs += time(true, bh);
        }
        sides.pairs++;
    }

    private long time(boolean structex, Blackhole bh) throws Exception {
        long start = System.nanoTime();
        switch (scenario) {
            case "P1" ->
                    SubmitCloseBenchmark.submitThenClose(
                            structex ? Impl.structex.open() : Impl.jdk.open(), bh);
            case "P2" ->
                    bh.consume(SubmitGetBenchmark.submitGetLoop(structex ? structexP2 : jdkP2));
            case "P3" ->
                    FanOutSleepBenchmark.fanOutThenClose(
                            structex ? Impl.structex.open() : Impl.jdk.open());
            case "P4" ->
                    bh.consume(
                            structex
                                    ? MapBenchmark.map(items)
                                    : MapBenchmark.submitAllThenGet(items));
            case "P5" ->
                    BoundedBenchmark.boundedThenClose(
                            structex
                                    ? StructuredExecutor.builder().maxConcurrency(8).open()
                                    : Executors.newFixedThreadPool(8),
                            bh);
            case "P6" ->
                    ConcurrentSubmitBenchmark.eightSubmittersThenClose(
                            structex ? Impl.structex.open() : Impl.jdk.open());
            default -> throw new IllegalArgumentException("no scenario " + scenario);
        }
        return System.nanoTime() - start;
    }
}
