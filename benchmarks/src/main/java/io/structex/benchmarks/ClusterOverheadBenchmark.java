package io.structex.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * C1: a batch of {@value ClusterBenchmark#BATCH} trivial tasks on 3 members, submitted, then every
 * result read; time per task. Target: structex / Hazelcast's {@code IExecutorService} <= 1.10.
 */
public class ClusterOverheadBenchmark extends ClusterBenchmark {

    @Override
    int members() {
        return 3;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long batch() throws Exception {
        return run(BATCH, false);
    }
}
