package io.structex.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.structex.ExecutorStats;
import io.structex.StructuredExecutor;
import io.structex.TaskFuture;
import java.lang.ref.WeakReference;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The meters, read through a real Prometheus registry's scrape and through the registry API. */
@Timeout(60)
class StructuredExecutorMetricsTest {

    private final PrometheusMeterRegistry registry =
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Test
    void scrape_boundedExecutorWithBlockedTasks_showsPendingRunningWaiting() throws Exception {
        CountDownLatch started = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        StructuredExecutor executor =
                StructuredExecutor.builder().name("crawler").maxConcurrency(2).open();
        new StructuredExecutorMetrics(executor, Tags.of("app", "search")).bindTo(registry);
        for (int i = 0; i < 5; i++) {
            executor.submit(
                    () -> {
                        started.countDown();
                        release.await();
                        return null;
                    });
        }
        started.await();
        String scrape = registry.scrape();
        assertThat(scrape)
                .contains("structex_tasks_pending{app=\"search\",name=\"crawler\"} 5")
                .contains("structex_tasks_running{app=\"search\",name=\"crawler\"} 2")
                .contains("structex_tasks_waiting{app=\"search\",name=\"crawler\"} 3")
                .contains("structex_tasks_submitted_total{app=\"search\",name=\"crawler\"} 5");
        release.countDown();
        executor.close();
        assertThat(registry.scrape())
                .contains("structex_tasks_pending{app=\"search\",name=\"crawler\"} 0")
                .contains(
                        "structex_tasks_completed_total{app=\"search\",name=\"crawler\","
                                + "outcome=\"success\"} 5");
    }

    @Test
    void scrape_everyOutcome_isCountedUnderItsTag() throws Exception {
        StructuredExecutor executor = StructuredExecutor.builder().name("outcomes").open();
        new StructuredExecutorMetrics(executor, Tags.empty()).bindTo(registry);
        CountDownLatch never = new CountDownLatch(1);
        executor.submit(() -> 1).get();
        executor.submit(() -> 2).get();
        TaskFuture<Object> failing =
                executor.submit(
                        () -> {
                            throw new IllegalStateException("on purpose");
                        });
        assertThatThrownBy(failing::get).hasCauseInstanceOf(IllegalStateException.class);
        TaskFuture<Object> blocked =
                executor.submit(
                        () -> {
                            never.await();
                            return null;
                        });
        blocked.cancel(true);
        executor.close();
        assertThatThrownBy(() -> executor.submit(() -> 3))
                .isInstanceOf(RejectedExecutionException.class);
        String scrape = registry.scrape();
        assertThat(scrape)
                .contains("structex_tasks_completed_total{name=\"outcomes\",outcome=\"success\"} 2")
                .contains("structex_tasks_completed_total{name=\"outcomes\",outcome=\"failed\"} 1")
                .contains(
                        "structex_tasks_completed_total{name=\"outcomes\",outcome=\"cancelled\"} 1")
                .contains("structex_tasks_submitted_total{name=\"outcomes\"} 4")
                .contains("structex_tasks_rejected_total{name=\"outcomes\"} 1");
    }

    @Test
    void bindTo_unnamedExecutor_tagsItsIdentity() {
        StructuredExecutor executor = StructuredExecutor.open();
        new StructuredExecutorMetrics(executor, Tags.empty()).bindTo(registry);
        assertThat(registry.get("structex.tasks.pending").gauge().getId().getTag("name"))
                .isEqualTo(executor.name())
                .startsWith("@");
        executor.close();
    }

    @Test
    void bindTo_twice_registersEachMeterOnce() {
        StructuredExecutor executor = StructuredExecutor.builder().name("twice").open();
        StructuredExecutorMetrics metrics = new StructuredExecutorMetrics(executor, Tags.empty());
        metrics.bindTo(registry);
        metrics.bindTo(registry);
        assertThat(registry.getMeters()).hasSize(8);
        executor.close();
    }

    @Test
    void supplierForm_readsTheSupplierAtEachReading() {
        SimpleMeterRegistry simple = new SimpleMeterRegistry();
        ExecutorStats[] now = {new ExecutorStats(10, 7, 1, 1, 2, 1, 0, 0, 1)};
        new StructuredExecutorMetrics("cluster", () -> now[0], Tags.empty()).bindTo(simple);
        assertThat(simple.get("structex.tasks.pending").gauge().value()).isEqualTo(1);
        assertThat(simple.get("structex.tasks.rejected").functionCounter().count()).isEqualTo(2);
        now[0] = new ExecutorStats(12, 10, 1, 1, 2, 0, 0, 0, 1);
        assertThat(simple.get("structex.tasks.pending").gauge().value()).isZero();
        assertThat(
                        simple.get("structex.tasks.completed")
                                .tag("outcome", "success")
                                .functionCounter()
                                .count())
                .isEqualTo(10);
    }

    @Test
    void meters_doNotKeepATerminatedExecutor_andItsTotalsStay() throws Exception {
        SimpleMeterRegistry simple = new SimpleMeterRegistry();
        WeakReference<StructuredExecutor> gone = bindRunAndDrop(simple);
        while (gone.get() != null) { // the meters alone must not keep it
            System.gc();
            Thread.sleep(10);
        }
        assertThat(simple.get("structex.tasks.pending").gauge().value()).isNaN();
        assertThat(
                        simple.get("structex.tasks.completed")
                                .tag("outcome", "success")
                                .functionCounter()
                                .count())
                .isEqualTo(3);
    }

    private static WeakReference<StructuredExecutor> bindRunAndDrop(SimpleMeterRegistry simple) {
        StructuredExecutor executor = StructuredExecutor.builder().name("dropped").open();
        new StructuredExecutorMetrics(executor, Tags.empty()).bindTo(simple);
        for (int i = 0; i < 3; i++) {
            executor.submit(() -> 1);
        }
        executor.close();
        assertThat(
                        simple.get("structex.tasks.completed")
                                .tag("outcome", "success")
                                .functionCounter()
                                .count())
                .isEqualTo(3); // read once while it lives: the last reading is kept
        return new WeakReference<>(executor);
    }

    @Test
    void constructor_nullArguments_throwAtTheCall() {
        StructuredExecutor executor = StructuredExecutor.open();
        assertThatThrownBy(() -> new StructuredExecutorMetrics(executor, null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new StructuredExecutorMetrics(null, Tags.empty()))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new StructuredExecutorMetrics("x", null, Tags.empty()))
                .isInstanceOf(NullPointerException.class);
        executor.close();
    }
}
