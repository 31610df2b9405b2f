package io.structex.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.structex.TaskFuture;
import io.structex.hazelcast.allowed.AllowedTask;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ClusterSecurity's allowlist on real members: the allowed package runs, anything else is refused
 * before it is instantiated, with a message that names the filter and the class.
 */
@Timeout(120)
class ClusterSecurityTest {

    private static TestCluster cluster;
    static final AtomicBoolean REFUSED_TASK_RAN = new AtomicBoolean();

    @BeforeAll
    static void startCluster() {
        cluster =
                new TestCluster(
                        "secure",
                        17001,
                        2,
                        c ->
                                ClusterSecurity.allowOnlyTasksFrom(
                                        c, "io.structex.hazelcast.allowed"));
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void allowedPackage_runs() throws Exception {
        try (ClusterExecutor executor = ClusterExecutor.open(cluster.member(0))) {
            for (int i = 0; i < 4; i++) { // round-robin: both members
                assertThat(executor.submit(new AllowedTask("word")).get()).isEqualTo(4);
            }
        }
    }

    @Test
    void classOutsideTheAllowlist_isRefused_andNothingOfItRuns() {
        try (ClusterExecutor executor = ClusterExecutor.open(cluster.member(0))) {
            List<TaskFuture<String>> futures = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                futures.add(
                        executor.submit(
                                () -> {
                                    REFUSED_TASK_RAN.set(true);
                                    return "ran";
                                }));
            }
            for (TaskFuture<String> f : futures) {
                assertThatThrownBy(f::get)
                        .isInstanceOf(ExecutionException.class)
                        .cause()
                        .hasMessageContaining("deserialization filter")
                        .hasMessageContaining(ClusterSecurityTest.class.getName());
            }
        }
        assertThat(REFUSED_TASK_RAN).isFalse();
    }
}
