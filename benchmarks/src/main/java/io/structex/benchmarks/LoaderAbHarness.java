package io.structex.benchmarks;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * An A/B of two builds of executor-core in one JVM: each build's classes are loaded by a class
 * loader of their own, and every round runs P1 (one thread submits 100k trivial tasks, then {@code
 * close()}), P3 (FanOutSleepBenchmark's: 100k tasks that sleep 200 ms) or P6
 * (ConcurrentSubmitBenchmark's: eight threads submit 100k each) once on the JDK's virtual-thread
 * executor, once on build A and once on build B, in a rotating order. Prints the medians of the
 * per-round ratios A / JDK, B / JDK and B / A (the first third of the rounds is warm-up), with the
 * quartiles of B / A.
 *
 * <p>Why: on this shared 2-core machine the same code moves by 10-50% from one JVM to the next and
 * from one minute to the next; two builds measured in alternating rounds of one JVM share its heap
 * sizing, its JIT's view of the JDK's code and the neighbours of the moment, so their ratio settles
 * to within about 2% where forks of their own differ by 5-15%.
 *
 * <p>Run: {@code benchmarks/run --ab REV} (builds REV's executor-core in a temporary worktree as A,
 * the working tree's as B); {@code SCENARIO=P3} or {@code P6} and {@code ROUNDS=n} (default 300 for
 * P1, 60 for P3 and P6) override.
 */
public final class LoaderAbHarness {

    private static final int TASKS = 100_000;

    private static volatile Object sink = new Object();

    private LoaderAbHarness() {}

    /**
     * Runs the A/B.
     *
     * @param args the classes directories of build A and build B
     * @throws Exception if a build cannot be loaded or a round fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: LoaderAbHarness CLASSES_A CLASSES_B");
        }
        String scenario = System.getenv().getOrDefault("SCENARIO", "P1");
        String defaultRounds =
                switch (scenario) {
                    case "P1" -> "300";
                    case "P3", "P6" -> "60";
                    default -> throw new IllegalArgumentException("SCENARIO: P1, P3 or P6");
                };
        int rounds = Integer.parseInt(System.getenv().getOrDefault("ROUNDS", defaultRounds));
        List<Supplier<ExecutorService>> sides =
                List.of(Executors::newVirtualThreadPerTaskExecutor, load(args[0]), load(args[1]));
        List<Double> aToJdk = new ArrayList<>();
        List<Double> bToJdk = new ArrayList<>();
        List<Double> bToA = new ArrayList<>();
        long[] total = new long[3];
        for (int r = 0; r < rounds; r++) {
            long[] t = new long[3];
            for (int k = 0; k < 3; k++) {
                int side = (k + r) % 3;
                t[side] = round(sides.get(side).get(), scenario);
            }
            if (r >= rounds / 3) {
                aToJdk.add((double) t[1] / t[0]);
                bToJdk.add((double) t[2] / t[0]);
                bToA.add((double) t[2] / t[1]);
                for (int s = 0; s < 3; s++) {
                    total[s] += t[s];
                }
            }
        }
        long perTask = (long) tasksPerRound(scenario) * aToJdk.size();
        System.out.printf(
                Locale.ROOT,
                "%s, %d rounds (medians of per-round ratios after %d warm-up rounds)%n"
                        + "  ns per task: JDK %d, A %d, B %d%n"
                        + "  A / JDK %.3f, B / JDK %.3f, B / A %.3f (quartiles %.3f-%.3f)%n",
                scenario,
                rounds,
                rounds / 3,
                total[0] / perTask,
                total[1] / perTask,
                total[2] / perTask,
                quantile(aToJdk, 0.5),
                quantile(bToJdk, 0.5),
                quantile(bToA, 0.5),
                quantile(bToA, 0.25),
                quantile(bToA, 0.75));
    }

    private static int tasksPerRound(String scenario) {
        return switch (scenario) {
            case "P3" -> FanOutSleepBenchmark.TASKS;
            case "P6" ->
                    ConcurrentSubmitBenchmark.SUBMITTERS * ConcurrentSubmitBenchmark.TASKS_EACH;
            default -> TASKS;
        };
    }

    /** structex's open() from a build's classes, in a class loader of their own. */
    private static Supplier<ExecutorService> load(String classes) throws Exception {
        URLClassLoader loader =
                new URLClassLoader(
                        new URL[] {Path.of(classes).toUri().toURL()},
                        ClassLoader.getPlatformClassLoader());
        Method open =
                Class.forName("io.structex.StructuredExecutor", true, loader).getMethod("open");
        return () -> {
            try {
                return (ExecutorService) open.invoke(null);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /**
     * One round: P1's loop (TASKS trivial submits, then close), P3's (FanOutSleepBenchmark: 100k
     * tasks that sleep 200 ms) or P6's (ConcurrentSubmitBenchmark).
     */
    private static long round(ExecutorService opened, String scenario) throws InterruptedException {
        long start = System.nanoTime();
        if (scenario.equals("P6")) {
            ConcurrentSubmitBenchmark.eightSubmittersThenClose(opened);
        } else if (scenario.equals("P3")) {
            FanOutSleepBenchmark.fanOutThenClose(opened);
        } else {
            try (ExecutorService executor = opened) {
                for (int i = 0; i < TASKS; i++) {
                    int x = i;
                    sink = executor.submit(() -> x);
                }
            }
        }
        return System.nanoTime() - start;
    }

    private static double quantile(List<Double> values, double q) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get((int) (q * (sorted.size() - 1)));
    }
}
