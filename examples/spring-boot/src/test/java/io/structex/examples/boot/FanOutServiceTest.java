package io.structex.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs the example as the README's command does, in its own JVM. */
@Timeout(120)
class FanOutServiceTest {

    @Test
    void fanOutService_answersFromStructexThreads_printsItsMetrics_andExitsZero() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p =
                new ProcessBuilder(
                                List.of(
                                        java,
                                        "-Xmx256m",
                                        "-cp",
                                        System.getProperty("java.class.path"),
                                        FanOutService.class.getName()))
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out.lines().filter(l -> l.startsWith("item ")))
                .hasSize(16)
                .allMatch(l -> l.contains("VirtualThread") && l.contains(",fanout-"))
                .allMatch(l -> l.endsWith(" for req-16"));
        assertThat(out)
                .contains("structex_tasks_submitted_total{name=\"fanout\"} 16.0")
                .contains("structex_tasks_completed_total{name=\"fanout\",outcome=\"success\"}")
                .contains(
                        "Closed: ExecutorStats[submitted=16, completed=16, failed=0, cancelled=0,"
                                + " rejected=0, pending=0, running=0, waiting=0, peakRunning=8]");
    }
}
