package io.structex.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs every example as a user would, in its own JVM, and checks what it prints and its exit. */
@Timeout(120)
class ExamplesTest {

    private record Run(int exitCode, String output) {}

    private static Run runExample(Class<?> example) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath =
                System.getProperty(
                        "surefire.test.class.path", System.getProperty("java.class.path"));
        Process p =
                new ProcessBuilder(List.of(java, "-cp", classPath, example.getName()))
                        .redirectErrorStream(true)
                        .start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(example + " exits").isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    @Test
    void copyFiles_copiesFourFiles_andExitsZero() throws Exception {
        Run run = runExample(CopyFiles.class);
        assertThat(run.output())
                .contains("copied src1.txt -> dest1.txt")
                .contains("copied src4.txt -> dest4.txt")
                .contains("All 4 copies done when the try block ended.");
        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @Test
    void backgroundJob_mainReturns_theJvmStillRunsTheJobs() throws Exception {
        Run run = runExample(BackgroundJob.class);
        assertThat(run.output())
                .containsSubsequence(
                        "returning now",
                        "report 1 written",
                        "report 2 written",
                        "report 3 written");
        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @Test
    void gracefulStop_reporterStopped_cleanupRuns_closeReturnsFalse() throws Exception {
        Run run = runExample(GracefulStop.class);
        assertThat(run.output())
                .contains("batch 3 exported (I/O timeout sized to the deadline: 10 s)")
                .contains("shielded cleanup ran to its end")
                .contains("progress reporter stopped")
                .contains("close(1 s): every task ended in time? false; 3 of 4 batches exported")
                .doesNotContain("batch 4 exported");
        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @Test
    void clusterWordCount_threeMembersCount_andEverythingExits() throws Exception {
        Run run = runExample(ClusterWordCount.class);
        assertThat(run.output())
                .contains("cluster: 3 members")
                .contains("counted on member-1")
                .contains("counted on member-2")
                .contains("counted on member-3 (this JVM)")
                .contains("most frequent: [the x")
                .contains("cluster shut down; exit.");
        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @Test
    void mapLargeInput_endlessInput_constantMemory() throws Exception {
        Run run = runExample(MapLargeInput.class);
        assertThat(run.output())
                .contains("1,000,000 results")
                .contains("Sum of the first 1,000,000 squares: 333,333,833,333,500,000");
        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @Test
    void failFast_oneFailure_cancelsTheOthers() throws Exception {
        Run run = runExample(FailFast.class);
        assertThat(run.output())
                .contains("cause: java.io.IOException: mirror 3 unreachable")
                .contains("download 1: CANCELLED")
                .contains("download 3: FAILED");
        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @Test
    void nestedScopes_parentTimeout_cancelsTheChildren() throws Exception {
        Run run = runExample(NestedScopes.class);
        assertThat(run.output())
                .contains("└─ StructuredExecutor[")
                .contains("interrupted (the parent's timeout cancelled it)")
                .contains("no task of any child is still running");
        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @Test
    void crawl_fetchesEveryPage_withinTheConcurrencyLimit() throws Exception {
        Run run = runExample(Crawl.class);
        assertThat(run.output())
                .contains("progress: 200/200")
                .contains("Fetched 200 pages")
                .contains("at most")
                .doesNotContain("exceeded");
        assertThat(run.exitCode()).as(run.output()).isZero();
    }
}
