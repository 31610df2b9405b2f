package io.structex.benchmarks;

import io.structex.MapOptions;
import io.structex.StructuredExecutor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * Memory and exit measurements, each in fresh child JVMs with the same flags:
 *
 * <ul>
 *   <li>M1: 300k pending tasks each sleeping 2 s: peak RSS (VmHWM) and heap per pending task,
 *       structex against {@code newVirtualThreadPerTaskExecutor}. Target ([5/5]): RSS ratio <= 1.05
 *       in every pair of runs.
 *   <li>M1s: M1's tasks again, in runs of their own (it keeps each task's thread): the stack each
 *       parked task keeps, read from its continuation's stack chunks (JDK internals, opened to this
 *       child only): the mean over all tasks, and the median over the last half, which parked once
 *       C2 had compiled their path (the steady state). The first tasks park in interpreted and C1
 *       frames of 1-2 KB, and how many do depends on when C2 gets to the path: that, not the
 *       executor, is most of M1's spread from one run to the next.
 *   <li>M2: {@code map(bufferSize=1000)} over an endless input, 5M items consumed: the heap used
 *       after GC, sampled every 500k items, must stay flat (< 64 MB).
 *   <li>X1: the JVM's exit after the last pending task ends (main returned with a task pending):
 *       from the task's last statement to the process's end. Target: < 100 ms.
 * </ul>
 *
 * <p>Run: {@code benchmarks/run --memory} (see docs/benchmarks.md).
 */
public final class MemoryHarness {

    private static final int M1_TASKS = 300_000;
    private static final int M1_RUNS = 7;
    private static final int M1S_RUNS = 3;
    private static final long M2_ITEMS = 5_000_000L;
    private static final int X1_RUNS = 20;

    /** The JVM flags that let a child read a parked virtual thread's stack chunks. */
    private static final List<String> OPEN_INTERNALS =
            List.of(
                    "--add-opens",
                    "java.base/java.lang=ALL-UNNAMED",
                    "--add-opens",
                    "java.base/jdk.internal.vm=ALL-UNNAMED");

    private MemoryHarness() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0) {
            child(args);
            return;
        }
        System.out.println(
                "M1: "
                        + M1_TASKS
                        + " pending tasks sleeping 2 s ("
                        + M1_RUNS
                        + " runs each, alternating; median, and the range)");
        List<Long> rss = new ArrayList<>();
        List<Long> heap = new ArrayList<>();
        List<Long> jdkRss = new ArrayList<>();
        List<Long> jdkHeap = new ArrayList<>();
        for (int i = 0; i < M1_RUNS; i++) { // alternating: a noisy neighbour hits both alike
            m1("structex", rss, heap);
            m1("jdk", jdkRss, jdkHeap);
        }
        System.out.printf(
                "  structex: peak RSS %s MB, heap/pending task %s B%n",
                medianAndRange(rss, 1 << 20), medianAndRange(heap, M1_TASKS));
        System.out.printf(
                "  jdk:      peak RSS %s MB, heap/pending task %s B%n",
                medianAndRange(jdkRss, 1 << 20), medianAndRange(jdkHeap, M1_TASKS));
        double rssRatio = (double) median(rss) / median(jdkRss);
        System.out.printf(
                "  ratio of medians (RSS): %.2f, (heap): %.2f%n",
                rssRatio, (double) median(heap) / median(jdkHeap));
        List<Double> pairs = new ArrayList<>();
        for (int i = 0; i < M1_RUNS; i++) {
            pairs.add((double) rss.get(i) / jdkRss.get(i));
        }
        Collections.sort(pairs);
        System.out.printf(
                "| M1 | peak RSS, %d parked tasks | %.2f | %.2f / %.2f / %.2f (%d pairs) | <= 1.05"
                        + " | %s |%n",
                M1_TASKS,
                rssRatio,
                pairs.get(0),
                pairs.get(M1_RUNS / 2),
                pairs.get(M1_RUNS - 1),
                M1_RUNS,
                pairs.get(M1_RUNS - 1) <= 1.05 ? "yes, every pair" : "no");

        System.out.println(
                "M1s: stack kept by each parked task ("
                        + M1S_RUNS
                        + " runs each, alternating): median over the last half, mean over all");
        for (int i = 0; i < M1S_RUNS; i++) {
            System.out.printf(
                    "  structex %s B, jdk %s B%n",
                    run(OPEN_INTERNALS, "m1s", "structex").trim(),
                    run(OPEN_INTERNALS, "m1s", "jdk").trim());
        }

        System.out.println(
                "M2: map(bufferSize=1000) over an endless input, " + M2_ITEMS + " items");
        System.out.println("  heap after GC, every 500k items (MB): " + run("m2").trim());

        System.out.println("X1: JVM exit after the last task (" + X1_RUNS + " runs)");
        List<Long> latencies = new ArrayList<>();
        List<Long> plain = new ArrayList<>();
        for (int i = 0; i < X1_RUNS; i++) {
            latencies.add(exitLatency("x1"));
            plain.add(exitLatency("x1plain"));
        }
        Collections.sort(latencies);
        Collections.sort(plain);
        System.out.printf(
                "  structex: median %d ms, max %d ms%n",
                latencies.get(X1_RUNS / 2), latencies.get(X1_RUNS - 1));
        System.out.printf(
                "  plain JVM (a joined virtual thread): median %d ms, max %d ms%n",
                plain.get(X1_RUNS / 2), plain.get(X1_RUNS - 1));
    }

    /** One child run: adds its peak RSS and its heap used with every task pending (bytes). */
    private static void m1(String impl, List<Long> rss, List<Long> heap) throws Exception {
        String[] out = run("m1", impl).trim().split(" ");
        rss.add(Long.parseLong(out[0]));
        heap.add(Long.parseLong(out[1]));
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static String medianAndRange(List<Long> values, long unit) {
        return median(values) / unit
                + " ("
                + Collections.min(values) / unit
                + "-"
                + Collections.max(values) / unit
                + ")";
    }

    private static long exitLatency(String scenario) throws Exception {
        Process p = childProcess(scenario).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        long exited = System.currentTimeMillis();
        return exited - Long.parseLong(out.trim());
    }

    private static String run(String... args) throws Exception {
        return run(List.of(), args);
    }

    private static String run(List<String> jvmFlags, String... args) throws Exception {
        Process p = childProcess(jvmFlags, args).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("child " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    private static ProcessBuilder childProcess(String... args) {
        return childProcess(List.of(), args);
    }

    private static ProcessBuilder childProcess(List<String> jvmFlags, String... args) {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                ProcessHandle.current().info().command().orElse("java"),
                                "-Xms64m",
                                "-Xmx2g"));
        command.addAll(jvmFlags);
        command.addAll(
                List.of(
                        "-cp",
                        System.getProperty("java.class.path"),
                        MemoryHarness.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }

    private static void child(String[] args) throws Exception {
        switch (args[0]) {
            case "m1" -> childM1(args[1]);
            case "m1s" -> childM1Stack(args[1]);
            case "m2" -> childM2();
            case "x1" -> childX1();
            case "x1plain" -> childX1Plain();
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void childM1(String impl) throws Exception {
        CountDownLatch allSleeping = new CountDownLatch(M1_TASKS);
        long heapWithTasksPending;
        try (ExecutorService executor =
                impl.equals("structex")
                        ? StructuredExecutor.open()
                        : Executors.newVirtualThreadPerTaskExecutor()) {
            long before = usedHeapAfterGc();
            for (int i = 0; i < M1_TASKS; i++) {
                executor.submit(
                        () -> {
                            allSleeping.countDown();
                            Thread.sleep(2_000);
                            return null;
                        });
            }
            allSleeping.await();
            heapWithTasksPending = usedHeapAfterGc() - before;
        }
        System.out.println(peakRss() + " " + heapWithTasksPending);
    }

    /** M1's tasks, each recording its thread: prints the stack each keeps while parked. */
    private static void childM1Stack(String impl) throws Exception {
        Thread[] threads = new Thread[M1_TASKS];
        CountDownLatch allSleeping = new CountDownLatch(M1_TASKS);
        try (ExecutorService executor =
                impl.equals("structex")
                        ? StructuredExecutor.open()
                        : Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < M1_TASKS; i++) {
                int k = i;
                executor.submit(
                        () -> {
                            threads[k] = Thread.currentThread();
                            allSleeping.countDown();
                            Thread.sleep(2_000);
                            return null;
                        });
            }
            allSleeping.await();
            ParkedStacks stacks = new ParkedStacks();
            long[] bytes = new long[M1_TASKS];
            for (int i = 0; i < M1_TASKS; i++) {
                bytes[i] = stacks.bytesKeptBy(threads[i]);
            }
            long all = 0;
            for (long b : bytes) {
                all += b;
            }
            long[] lastHalf = Arrays.copyOfRange(bytes, M1_TASKS / 2, M1_TASKS);
            Arrays.sort(lastHalf);
            System.out.println(lastHalf[lastHalf.length / 2] + " (mean " + all / M1_TASKS + ")");
        }
    }

    /**
     * Reads how much stack a parked virtual thread keeps: the words in use (bottom - sp) of each
     * stack chunk of its continuation (JDK 21-25 field names; OPEN_INTERNALS).
     */
    private static final class ParkedStacks {
        private final Field cont;
        private final Field tail;
        private final Field parent;
        private final Field sp;
        private final Field bottom;

        ParkedStacks() throws ReflectiveOperationException {
            cont = open(Class.forName("java.lang.VirtualThread"), "cont");
            tail = open(Class.forName("jdk.internal.vm.Continuation"), "tail");
            Class<?> chunk = Class.forName("jdk.internal.vm.StackChunk");
            parent = open(chunk, "parent");
            sp = open(chunk, "sp");
            bottom = open(chunk, "bottom");
        }

        private static Field open(Class<?> type, String name) throws NoSuchFieldException {
            Field f = type.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        }

        long bytesKeptBy(Thread parked) throws IllegalAccessException {
            long words = 0;
            for (Object c = tail.get(cont.get(parked)); c != null; c = parent.get(c)) {
                words += bottom.getInt(c) - sp.getInt(c);
            }
            return words * 8;
        }
    }

    private static void childM2() {
        Iterable<Long> endless =
                () ->
                        new Iterator<>() {
                            private long n;

                            @Override
                            public boolean hasNext() {
                                return true;
                            }

                            @Override
                            public Long next() {
                                return n++;
                            }
                        };
        StringBuilder samples = new StringBuilder();
        try (StructuredExecutor executor = StructuredExecutor.open();
                Stream<Long> results =
                        executor.map(i -> i * 2, endless, MapOptions.defaults().bufferSize(1000))) {
            Iterator<Long> it = results.iterator();
            for (long i = 1; i <= M2_ITEMS; i++) {
                it.next();
                if (i % 500_000 == 0) {
                    samples.append(usedHeapAfterGc() >> 20).append(' ');
                }
            }
        }
        System.out.println(samples);
    }

    private static void childX1() {
        StructuredExecutor executor = StructuredExecutor.open();
        executor.submit(
                () -> {
                    Thread.sleep(100);
                    System.out.println(System.currentTimeMillis());
                    return null;
                });
        executor.shutdown(false);
    }

    private static void childX1Plain() throws InterruptedException {
        Thread.ofVirtual()
                .start(
                        () -> {
                            try {
                                Thread.sleep(100);
                            } catch (InterruptedException e) {
                                return;
                            }
                            System.out.println(System.currentTimeMillis());
                        })
                .join();
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long peakRss() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmHWM in /proc/self/status");
    }
}
