package io.structex.benchmarks;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import io.structex.hazelcast.ClusterExecutor;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cluster of C1 and C2: {@code ClusterExecutor} against Hazelcast's own {@code
 * IExecutorService} on the same embedded cluster (members in this JVM, loopback, TCP-IP join), each
 * member's "structex" pool sized {@value #POOL}.
 *
 * <ul>
 *   <li>C1 {@code overhead}: a batch of {@value #BATCH} trivial tasks, submitted, then every result
 *       read, on 3 members; time per task. Target: structex / Hazelcast <= 1.10.
 *   <li>C2 {@code fanOut}: {@value #SLEEPERS} tasks that each sleep 10 ms, on 1, 2 and 3 members;
 *       time per task. Target: the time per task on k members within 20% of 1/k of one member's.
 * </ul>
 *
 * <p>Run: {@code benchmarks/run 'Cluster.*Benchmark'}. The submitter is the first member, which
 * runs its share of the tasks too (as an embedded application does).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 2,
        jvmArgsAppend = {
            "-Xmx512m",
            "--add-modules",
            "java.se",
            "--add-exports",
            "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens",
            "java.base/java.lang=ALL-UNNAMED",
            "--add-opens",
            "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens",
            "java.management/sun.management=ALL-UNNAMED",
            "--add-opens",
            "jdk.management/com.sun.management.internal=ALL-UNNAMED"
        })
public abstract class ClusterBenchmark {

    static final int POOL = 8;
    static final int BATCH = 100;
    static final int SLEEPERS = 240;
    static final int BASE_PORT = 18701;

    /** The two ways to run a task on the cluster. */
    public enum ClusterImpl {
        /** {@code IExecutorService.submit(task)}, then {@code get()} each. */
        hazelcast,
        /** {@code ClusterExecutor.submit(task)}, then {@code get()} each, then {@code close()}. */
        structex
    }

    @Param public ClusterImpl impl;

    /** How many members the cluster has. */
    abstract int members();

    private final List<HazelcastInstance> cluster = new ArrayList<>();

    @Setup(Level.Trial)
    public void startCluster() {
        for (int i = 0; i < members(); i++) {
            cluster.add(Hazelcast.newHazelcastInstance(config(i)));
        }
    }

    @TearDown(Level.Trial)
    public void stopCluster() {
        cluster.forEach(m -> m.getLifecycleService().terminate());
        cluster.clear();
    }

    static Config config(int i) {
        Config config = new Config();
        config.setClusterName("bench");
        config.setInstanceName("bench-" + i);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "none");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(BASE_PORT).setPortAutoIncrement(true).setPortCount(4);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true);
        for (int port = BASE_PORT; port < BASE_PORT + 4; port++) {
            join.getTcpIpConfig().addMember("127.0.0.1:" + port);
        }
        config.getExecutorConfig("structex").setPoolSize(POOL);
        return config;
    }

    /** A trivial task. */
    record Square(int x) implements Callable<Integer>, Serializable {
        @Override
        public Integer call() {
            return x * x;
        }
    }

    /** A task that sleeps 10 ms. */
    record Sleep(int x) implements Callable<Integer>, Serializable {
        @Override
        public Integer call() throws InterruptedException {
            Thread.sleep(10);
            return x;
        }
    }

    final long run(int n, boolean sleep) throws ExecutionException, InterruptedException {
        HazelcastInstance me = cluster.get(0);
        List<Future<Integer>> futures = new ArrayList<>(n);
        long sum = 0;
        if (impl == ClusterImpl.hazelcast) {
            IExecutorService executor = me.getExecutorService("structex");
            for (int i = 0; i < n; i++) {
                futures.add(executor.submit(sleep ? new Sleep(i) : new Square(i)));
            }
            for (Future<Integer> f : futures) {
                sum += f.get();
            }
        } else {
            try (ClusterExecutor executor = ClusterExecutor.open(me)) {
                for (int i = 0; i < n; i++) {
                    futures.add(
                            executor.submit(
                                    (Callable<Integer>) (sleep ? new Sleep(i) : new Square(i))));
                }
                for (Future<Integer> f : futures) {
                    sum += f.get();
                }
            }
        }
        return sum;
    }
}
