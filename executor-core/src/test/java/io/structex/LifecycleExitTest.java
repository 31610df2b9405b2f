package io.structex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * holdsJvmExit(false) and background tasks at the JVM's exit, in child JVMs ({@link
 * LifecycleScenarios}), asserting on their output and exit code.
 */
class LifecycleExitTest {

    private static long millisFromMainReturnToExit(ChildJvm.Result r) {
        Matcher m = Pattern.compile(LifecycleScenarios.MAIN_RETURNS + "(\\d+)").matcher(r.output());
        assertThat(m.find()).as(r.output()).isTrue();
        return r.exitedAtMillis() - Long.parseLong(m.group(1));
    }

    @Test
    void notHolding_mainReturns_jvmExitsPromptlyWithoutTheTask() {
        ChildJvm.Result r = ChildJvm.run(LifecycleScenarios.class, "notHolding");
        assertThat(r.output()).doesNotContain(LifecycleScenarios.NOT_HELD_DONE);
        assertThat(r.exitCode()).isZero();
        assertThat(millisFromMainReturnToExit(r)).isLessThan(1_000);
    }

    @Test
    void notHolding_besideHolding_holdingOneStillHoldsTheJvm() {
        ChildJvm.Result r = ChildJvm.run(LifecycleScenarios.class, "notHoldingBesideHolding");
        assertThat(r.output())
                .contains(LifecycleScenarios.HELD_DONE)
                .doesNotContain(LifecycleScenarios.NOT_HELD_DONE);
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void notHolding_systemExit_graceDoesNotWaitForIt() {
        ChildJvm.Result r = ChildJvm.run(LifecycleScenarios.class, "notHoldingSystemExit");
        assertThat(r.output())
                .doesNotContain(LifecycleScenarios.NOT_HELD_DONE)
                .doesNotContain("interrupted");
        assertThat(r.exitCode()).isEqualTo(5);
        assertThat(millisFromMainReturnToExit(r)).isLessThan(10_000); // not its 30 s grace
    }

    @Test
    void notHolding_childInheritsIt() {
        ChildJvm.Result r = ChildJvm.run(LifecycleScenarios.class, "notHoldingChildInherits");
        assertThat(r.output()).doesNotContain(LifecycleScenarios.NOT_HELD_DONE);
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void background_shutdownNoWait_jvmWaitsForRegularTask_thenBackgroundCleanup() {
        ChildJvm.Result r = ChildJvm.run(LifecycleScenarios.class, "backgroundAfterShutdownNoWait");
        assertThat(r.output())
                .containsSubsequence(
                        LifecycleScenarios.MAIN_RETURNS,
                        LifecycleScenarios.HELD_DONE,
                        "background cleanup ran");
        assertThat(r.exitCode()).isZero();
    }
}
