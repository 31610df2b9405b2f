package io.structex.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;

/**
 * C2: {@value ClusterBenchmark#SLEEPERS} tasks that each sleep 10 ms, on 1, 2 and 3 members whose
 * pools are sized alike; time per task. Target: on k members, within 20% of 1/k of the time per
 * task on one member (throughput scales with the members).
 */
public class ClusterFanOutBenchmark extends ClusterBenchmark {

    @Param({"1", "2", "3"})
    public int members;

    @Override
    int members() {
        return members;
    }

    @Benchmark
    @OperationsPerInvocation(SLEEPERS)
    public long sleepers() throws Exception {
        return run(SLEEPERS, true);
    }
}
