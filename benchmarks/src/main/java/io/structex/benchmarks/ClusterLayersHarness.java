package io.structex.benchmarks;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import io.structex.StructuredExecutor;
import io.structex.hazelcast.ClusterExecutor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;

/**
 * C1's cost built up layer by layer, in one JVM: batches of {@value #BATCH} trivial tasks on 3
 * embedded members, each way of waiting for them alternating round by round with Hazelcast's own
 * batch ({@code IExecutorService.submit}, then {@code get()} each), so that every ratio is taken
 * against a baseline measured beside it. A way's ratio is the median of its per-round ratios after
 * the first third of the rounds (warm-up).
 *
 * <ul>
 *   <li>{@code threads}: a virtual thread per task sends it ({@code submitToMember}) and waits on a
 *       {@code handleAsync} callback, the only interruptible wait (see Dispatch's notes);
 *   <li>{@code coreTasks}: the same, as tasks of a {@code StructuredExecutor};
 *   <li>{@code cluster}: {@code ClusterExecutor}, which adds its serialization check, wrapper and
 *       dispatch (a task of {@code submit} holds no thread: {@code submitAsync});
 *   <li>{@code noThread}: no thread per task: sent from the submitting thread, the callback
 *       completes a {@code CompletableFuture} (what a core task with no thread would cost at
 *       least);
 *   <li>{@code hop}: the same, but the callback starts a virtual thread that completes it, as
 *       {@code ClusterExecutor} does to keep user code off Hazelcast's response thread;
 *   <li>{@code submitAsync}: {@code noThread} as tasks of a {@code StructuredExecutor}, through
 *       {@code submitAsync}.
 * </ul>
 *
 * <p>Run: {@code benchmarks/run --cluster-layers}; {@code ROUNDS=r} overrides 9 rounds of 100
 * batches. With {@code JAVA_TOOL_OPTIONS=-Djava.util.concurrent.ForkJoinPool.common.parallelism=3}
 * Hazelcast's callbacks run on a pool, as on a machine of 4 or more cores (on 2 cores, Hazelcast
 * starts a thread per callback: docs/benchmarks.md, "Cluster C1 again").
 */
public final class ClusterLayersHarness {

    private static final int BATCH = 100;
    private static final int BATCHES = 100;
    private static final String[] WAYS = {
        "threads", "coreTasks", "cluster", "noThread", "hop", "submitAsync"
    };

    private static volatile long sink;

    private ClusterLayersHarness() {}

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(System.getenv().getOrDefault("ROUNDS", "9"));
        List<HazelcastInstance> cluster = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            cluster.add(Hazelcast.newHazelcastInstance(ClusterBenchmark.config(i)));
        }
        try {
            measure(cluster.get(0), rounds);
        } finally { // a failure must not leave the members holding the JVM
            cluster.forEach(m -> m.getLifecycleService().terminate());
        }
        System.exit(0);
    }

    private static void measure(HazelcastInstance me, int rounds) throws Exception {
        double[][] ratios = new double[WAYS.length][rounds];
        double[][] micros = new double[WAYS.length][rounds];
        double[] hazelcastMicros = new double[rounds]; // the mean of a round's baseline batches
        for (int r = 0; r < rounds; r++) {
            for (int w = 0; w < WAYS.length; w++) {
                double hazelcast = time(me, "hazelcast");
                double way = time(me, WAYS[w]);
                ratios[w][r] = way / hazelcast;
                micros[w][r] = way;
                hazelcastMicros[r] += hazelcast / WAYS.length;
            }
        }
        int warm = rounds / 3;
        System.out.printf(
                Locale.ROOT,
                "C1 layers, %d rounds (median after %d warm-up), common-pool parallelism %d:%n",
                rounds,
                warm,
                java.util.concurrent.ForkJoinPool.getCommonPoolParallelism());
        System.out.printf(
                Locale.ROOT, "  %-10s %7.1f us/task%n", "hazelcast", median(hazelcastMicros, warm));
        for (int w = 0; w < WAYS.length; w++) {
            System.out.printf(
                    Locale.ROOT,
                    "  %-10s %7.1f us/task  ratio %.2f%n",
                    WAYS[w],
                    median(micros[w], warm),
                    median(ratios[w], warm));
        }
    }

    private static double median(double[] values, int skip) {
        double[] v = Arrays.copyOfRange(values, skip, values.length);
        Arrays.sort(v);
        return v[v.length / 2];
    }

    /** Microseconds per task over BATCHES batches of one way. */
    private static double time(HazelcastInstance me, String way) throws Exception {
        long start = System.nanoTime();
        long sum = 0;
        for (int b = 0; b < BATCHES; b++) {
            sum += batch(me, way);
        }
        sink = sum;
        return (System.nanoTime() - start) / 1e3 / (BATCHES * BATCH);
    }

    private static long batch(HazelcastInstance me, String way) throws Exception {
        IExecutorService executor = me.getExecutorService("structex");
        List<Member> members = new ArrayList<>(me.getCluster().getMembers());
        List<Future<Integer>> futures = new ArrayList<>(BATCH);
        switch (way) {
            case "hazelcast" -> {
                for (int i = 0; i < BATCH; i++) {
                    futures.add(executor.submit(new ClusterBenchmark.Square(i)));
                }
                return sum(futures);
            }
            case "threads" -> {
                for (int i = 0; i < BATCH; i++) {
                    CompletableFuture<Integer> result = new CompletableFuture<>();
                    futures.add(result);
                    Callable<Integer> task = new ClusterBenchmark.Square(i);
                    Member member = members.get(i % members.size());
                    Thread.ofVirtual()
                            .start(
                                    () -> {
                                        try {
                                            result.complete(
                                                    callback(executor.submitToMember(task, member))
                                                            .get());
                                        } catch (Exception e) {
                                            result.completeExceptionally(e);
                                        }
                                    });
                }
                return sum(futures);
            }
            case "coreTasks" -> {
                try (StructuredExecutor scope = StructuredExecutor.open()) {
                    for (int i = 0; i < BATCH; i++) {
                        Callable<Integer> task = new ClusterBenchmark.Square(i);
                        Member member = members.get(i % members.size());
                        futures.add(
                                scope.submit(
                                        () ->
                                                callback(executor.submitToMember(task, member))
                                                        .get()));
                    }
                    return sum(futures);
                }
            }
            case "cluster" -> {
                try (ClusterExecutor scope = ClusterExecutor.open(me)) {
                    for (int i = 0; i < BATCH; i++) {
                        futures.add(
                                scope.submit((Callable<Integer>) new ClusterBenchmark.Square(i)));
                    }
                    return sum(futures);
                }
            }
            case "noThread" -> {
                for (int i = 0; i < BATCH; i++) {
                    futures.add(
                            callback(
                                    executor.submitToMember(
                                            new ClusterBenchmark.Square(i),
                                            members.get(i % members.size()))));
                }
                return sum(futures);
            }
            case "hop" -> {
                for (int i = 0; i < BATCH; i++) {
                    CompletableFuture<Integer> result = new CompletableFuture<>();
                    futures.add(result);
                    var unused =
                            callback(
                                            executor.submitToMember(
                                                    new ClusterBenchmark.Square(i),
                                                    members.get(i % members.size())))
                                    .handleAsync(
                                            (value, failure) ->
                                                    Thread.startVirtualThread(
                                                            () -> {
                                                                if (failure == null) {
                                                                    result.complete(value);
                                                                } else {
                                                                    result.completeExceptionally(
                                                                            failure);
                                                                }
                                                            }),
                                            Runnable::run);
                }
                return sum(futures);
            }
            case "submitAsync" -> {
                try (StructuredExecutor scope = StructuredExecutor.open()) {
                    for (int i = 0; i < BATCH; i++) {
                        Callable<Integer> task = new ClusterBenchmark.Square(i);
                        Member member = members.get(i % members.size());
                        futures.add(
                                scope.submitAsync(
                                        () -> callback(executor.submitToMember(task, member))));
                    }
                    return sum(futures);
                }
            }
            default -> throw new IllegalArgumentException(way);
        }
    }

    /** A CompletableFuture completed on the thread that completes the remote future. */
    @SuppressWarnings("unchecked")
    private static CompletableFuture<Integer> callback(Future<Integer> remote) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        ((CompletionStage<Integer>) remote)
                .handleAsync(
                        (value, failure) -> {
                            if (failure == null) {
                                done.complete(value);
                            } else {
                                done.completeExceptionally(failure);
                            }
                            return null;
                        },
                        Runnable::run);
        return done;
    }

    private static long sum(List<Future<Integer>> futures) throws Exception {
        long s = 0;
        for (Future<Integer> f : futures) {
            s += f.get();
        }
        return s;
    }
}
