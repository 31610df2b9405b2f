package io.structex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The exit promise, tested where it lives: in child JVMs, asserting on their output and exit code.
 * See {@link ExitScenarios} for the programs.
 */
class ExitPromiseTest {

    @Test
    void shutdownNoWait_mainReturns_jvmWaitsForTask() {
        ChildJvm.Result r = ChildJvm.run("shutdownNoWait");
        assertThat(r.output())
                .containsSubsequence(ExitScenarios.MAIN_RETURNS, ExitScenarios.TASK_DONE);
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void noShutdown_mainReturns_jvmWaitsForTask() {
        ChildJvm.Result r = ChildJvm.run("noShutdown");
        assertThat(r.output())
                .containsSubsequence(ExitScenarios.MAIN_RETURNS, ExitScenarios.TASK_DONE);
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void unreachableExecutor_afterGc_jvmWaitsForTask() {
        ChildJvm.Result r = ChildJvm.run("unreachable");
        assertThat(r.output())
                .containsSubsequence(ExitScenarios.MAIN_RETURNS, ExitScenarios.TASK_DONE);
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void mainThrows_jvmWaitsForTask_thenExitsWithStatusOne() {
        ChildJvm.Result r = ChildJvm.run("mainThrows");
        assertThat(r.output())
                .containsSubsequence("main fails on purpose", ExitScenarios.TASK_DONE);
        assertThat(r.exitCode()).isEqualTo(1);
    }

    @Test
    void taskSubmitsSubtask_afterMainReturned_subtaskRuns() {
        ChildJvm.Result r = ChildJvm.run("subtaskAfterMainReturns");
        assertThat(r.output()).containsSubsequence(ExitScenarios.MAIN_RETURNS, "subtask done");
        assertThat(r.exitCode()).isZero();
    }

    /**
     * The JVM exits promptly once nothing is pending. The bound asserted here is loose on purpose
     * (a noisy 2-core machine must not fail it): it catches a keeper that lingers or never leaves.
     * The 100 ms figure is measured and reported in docs/semantics.md.
     */
    @Test
    void nothingPending_jvmExitsPromptlyAfterLastTask() {
        ChildJvm.Result r = ChildJvm.run("nothingPending");
        Matcher m = Pattern.compile("last task ends at (\\d+)").matcher(r.output());
        assertThat(m.find()).as(r.output()).isTrue();
        long exitLatency = r.exitedAtMillis() - Long.parseLong(m.group(1));
        assertThat(exitLatency)
                .as("ms from the last task's end to the JVM's exit")
                .isLessThan(2_000);
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void systemExit_withGrace_pendingTaskFinishes_thenExitStatusKept() {
        ChildJvm.Result r = ChildJvm.run("exitWithGrace");
        assertThat(r.output()).contains(ExitScenarios.TASK_DONE);
        assertThat(r.exitCode()).isEqualTo(3);
    }

    @Test
    void systemExit_zeroGrace_exitsWithoutWaiting() {
        ChildJvm.Result r = ChildJvm.run("exitGraceZero"); // the task would sleep 60 s
        assertThat(r.output()).doesNotContain(ExitScenarios.TASK_DONE);
        assertThat(r.exitCode()).isEqualTo(4);
    }

    @Test
    void systemExit_graceExpires_exitsAndLogsAbandonedTasks() {
        ChildJvm.Result r = ChildJvm.run("exitGraceExpires"); // the task would sleep 60 s
        assertThat(r.output()).doesNotContain(ExitScenarios.TASK_DONE);
        assertThat(r.output()).contains("abandons 1 pending task(s): [stuck-1]");
        assertThat(r.exitCode()).isEqualTo(5);
    }

    @Test
    void systemExit_graceExpires_reportNamesTwentyTasksAndCountsTheRest() {
        ChildJvm.Result r = ChildJvm.run("exitGraceExpiresMany"); // 25 tasks would sleep 60 s
        assertThat(r.output())
                .contains("abandons 25 pending task(s): [many-")
                .contains(", ... and 5 more]");
        assertThat(r.output().split("many-", -1)).hasSize(1 + 20); // twenty threads named
        assertThat(r.exitCode()).isEqualTo(6);
    }

    /** The grace period is 60 s and the child JVM's limit is 60 s: waiting it out would fail. */
    @Test
    void taskCallsSystemExit_doesNotWaitOutGracePeriod() {
        ChildJvm.Result r = ChildJvm.run("taskCallsExit");
        assertThat(r.output()).contains("task calls System.exit(7)");
        assertThat(r.exitCode()).isEqualTo(7);
    }

    @Test
    void sigterm_pendingTaskFinishesWithinGrace_thenExits143() {
        ChildJvm.Result r =
                ChildJvm.run(
                        "sigterm",
                        process -> process.toHandle().destroy()); // SIGTERM; keeps the streams
        assertThat(r.output()).contains(ExitScenarios.TASK_DONE);
        assertThat(r.exitCode()).isEqualTo(143);
    }

    @Test
    void submit_duringJvmShutdown_rejectedWithInterpreterShutdownMessage() {
        ChildJvm.Result r = ChildJvm.run("submitDuringShutdown");
        assertThat(r.output())
                .contains("rejected: cannot schedule new futures after interpreter shutdown");
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void systemExit_graceEnds_pendingTasksAreInterruptedAndTheirFinallyBlocksRun() {
        ChildJvm.Result r = ChildJvm.run("exitGraceEndsFinallyRuns");
        assertThat(r.output()).contains("finally ran").doesNotContain(ExitScenarios.TASK_DONE);
        assertThat(r.output())
                .contains(
                        "interrupted 1 pending task(s) at the end of its grace"
                                + " period; 1 ended: [cleanup-1]");
        assertThat(r.output()).doesNotContain("abandons");
        assertThat(r.exitCode()).isEqualTo(8);
    }

    @Test
    void systemExit_graceEnds_aTaskThatIgnoresTheInterrupt_holdsTheJvmOnlyForTheCleanupWindow() {
        ChildJvm.Result r = ChildJvm.run("exitGraceEndsStubbornTask");
        assertThat(r.output()).contains("ignored an interrupt");
        assertThat(r.output()).contains("abandons 1 pending task(s): [stubborn-1]");
        Matcher m = Pattern.compile("exit at (\\d+)").matcher(r.output());
        assertThat(m.find()).isTrue();
        long held = r.exitedAtMillis() - Long.parseLong(m.group(1));
        // 200 ms of grace, then at most JvmShutdown's cleanup window (1 s); the rest is slack for
        // a loaded machine, far below the 60 s the task would sleep.
        assertThat(held).as("ms from System.exit to the JVM's exit").isLessThan(10_000);
        assertThat(r.exitCode()).isEqualTo(9);
    }

    @Test
    void closeOfAnAncestor_fromATaskOfAChildOrGrandchildScope_isRefusedAndNothingHangs() {
        ChildJvm.Result r = ChildJvm.run("descendantClosesAncestor");
        assertThat(r.output())
                .contains("child refused: close() called from a task of StructuredExecutor[child")
                .contains(
                        "child refused: shutdown(true) called from a task of"
                                + " StructuredExecutor[child")
                .contains("grandchild refused: close() called from a task of StructuredExecutor[@")
                .contains("inside StructuredExecutor[root")
                .contains("root shut down: false")
                .contains("root closed")
                .doesNotContain("returned");
        assertThat(r.exitCode()).isZero();
    }
}
