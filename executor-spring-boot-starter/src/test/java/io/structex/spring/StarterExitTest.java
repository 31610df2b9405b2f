package io.structex.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.structex.spring.runner.RunnerApp;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Python's exit promise in a Boot application: a child JVM whose {@code main} returns with
 * {@code @Async} work pending does not exit before that work is done.
 */
@Timeout(120)
class StarterExitTest {

    private static Process runner(String... args) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command =
                new java.util.ArrayList<>(
                        List.of(
                                java.toString(),
                                "-Xmx128m",
                                "-XX:TieredStopAtLevel=1",
                                "-cp",
                                System.getProperty("java.class.path"),
                                RunnerApp.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
    }

    @Test
    void nonWebApp_mainReturnsWithAsyncWorkPending_jvmExitsOnlyAfterTheWork() throws Exception {
        Process child = runner();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(out).isZero();
        assertThat(out).contains("RUNNER RETURNS", "MAIN RETURNS", "WORK DONE AFTER MAIN");
        assertThat(out.indexOf("WORK DONE AFTER MAIN")).isGreaterThan(out.indexOf("MAIN RETURNS"));
        assertThat(out).doesNotContain("keep-alive");
    }

    @Test
    void shutdownGracePeriod_property_boundsTheWaitOfSystemExitForPendingWork() throws Exception {
        Process child = runner("--exit", "--structex.executor.shutdown-grace-period=300ms");
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out)
                .contains("RUNNER RETURNS", "MAIN RETURNS", "FOREVER INTERRUPTED")
                .containsPattern(
                        "structex: JVM exiting after 3\\d\\d(\\.\\d)? ms of grace;"
                                + " StructuredExecutor\\[application, .*\\] interrupted 1 pending");
    }
}
