package io.structex.benchmarks;

import io.structex.StructuredExecutor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * P5 in fresh JVMs, each with the JVM's default flags: {@code maxConcurrency(8)} against {@code
 * newFixedThreadPool(8)}, 200k trivial tasks submitted then closed, the two alternating round by
 * round in one JVM; a JVM's ratio is the median of its per-round ratios (the first third of the
 * rounds is warm-up). P5 used to settle in a fast or a slow mode for a JVM's whole life (see
 * docs/benchmarks.md, [5/5]): this checks every JVM, not a median over them. Target ([5/5]): <=
 * 0.80 in every JVM.
 *
 * <p>Run: {@code benchmarks/run --fresh} (part of {@code benchmarks/run --table}); {@code JVMS=n
 * ROUNDS=r} override 5 JVMs of 30 rounds.
 */
public final class FreshJvmHarness {

    private static final int TASKS = 200_000;
    private static final double TARGET = 0.80;

    private static volatile Object sink = new Object();

    private FreshJvmHarness() {}

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(System.getenv().getOrDefault("ROUNDS", "30"));
        if (args.length > 0) {
            child(rounds);
            return;
        }
        int jvms = Integer.parseInt(System.getenv().getOrDefault("JVMS", "5"));
        System.out.printf(
                "P5 in %d fresh JVMs (%d rounds each, alternating; medians after warm-up)%n",
                jvms, rounds);
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < jvms; i++) {
            String[] out = run().trim().split(" ");
            double ratio = Double.parseDouble(out[2]);
            ratios.add(ratio);
            System.out.printf(
                    Locale.ROOT,
                    "  JVM %d: structex %s ms, fixed pool %s ms, ratio %.2f%n",
                    i + 1,
                    out[0],
                    out[1],
                    ratio);
        }
        Collections.sort(ratios);
        double worst = ratios.get(jvms - 1);
        System.out.printf(
                Locale.ROOT,
                "| P5 | 200k tasks, maxConcurrency(8) vs fixed pool, fresh JVMs | %.2f / %.2f /"
                        + " %.2f (%d JVMs) | <= %.2f | %s |%n",
                ratios.get(0),
                ratios.get(jvms / 2),
                worst,
                jvms,
                TARGET,
                worst <= TARGET ? "yes, every JVM" : "no");
    }

    private static String run() throws Exception {
        Process p =
                new ProcessBuilder(
                                ProcessHandle.current().info().command().orElse("java"),
                                "-cp",
                                System.getProperty("java.class.path"),
                                FreshJvmHarness.class.getName(),
                                "child")
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("child failed: " + out);
        }
        return out;
    }

    /** Prints "structex-ms pool-ms ratio": medians over the rounds after the warm-up. */
    private static void child(int rounds) throws Exception {
        double[] structex = new double[rounds]; // ms
        double[] pool = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            if (r % 2 == 0) {
                structex[r] = round(true);
                pool[r] = round(false);
            } else {
                pool[r] = round(false);
                structex[r] = round(true);
            }
        }
        int from = rounds / 3;
        double[] ratio = new double[rounds - from];
        for (int r = from; r < rounds; r++) {
            ratio[r - from] = structex[r] / pool[r];
        }
        System.out.printf(
                Locale.ROOT,
                "%.1f %.1f %.3f%n",
                median(Arrays.copyOfRange(structex, from, rounds)),
                median(Arrays.copyOfRange(pool, from, rounds)),
                median(ratio));
    }

    /** One round's time, ms. */
    private static double round(boolean structex) {
        long start = System.nanoTime();
        try (ExecutorService executor =
                structex
                        ? StructuredExecutor.builder().maxConcurrency(8).open()
                        : Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < TASKS; i++) {
                int x = i;
                sink = executor.submit(() -> x);
            }
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
