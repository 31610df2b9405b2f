package io.structex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** stats(), and the JFR events io.structex.TaskEnd and io.structex.ExecutorClose. */
@Timeout(60)
class ObservabilityTest {

    @Test
    void stats_countEveryOutcome_andAddUpOnceTerminated() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        StructuredExecutor executor = StructuredExecutor.builder().name("stats").open();
        for (int i = 0; i < 5; i++) {
            executor.submit(() -> 1);
        }
        executor.submit(
                () -> {
                    throw new IllegalStateException("fails on purpose");
                });
        TaskFuture<?> blocked =
                executor.submit(
                        () -> {
                            started.countDown();
                            new CountDownLatch(1).await();
                            return null;
                        });
        started.await();
        ExecutorStats during = executor.stats();
        assertThat(during.submitted()).isEqualTo(7);
        assertThat(during.running()).isGreaterThanOrEqualTo(1);
        assertThat(during.pending()).isGreaterThanOrEqualTo(1);
        blocked.cancel(true);
        executor.close();
        ExecutorStats after = executor.stats();
        assertThat(after).isEqualTo(new ExecutorStats(7, 5, 1, 1, 0, 0, 0, 0, after.peakRunning()));
        assertThat(after.peakRunning()).isBetween(1, 7);
    }

    @Test
    void stats_whileTasksRun_countsThemAndRaisesThePeak() throws Exception {
        CountDownLatch started = new CountDownLatch(5);
        CountDownLatch release = new CountDownLatch(1);
        StructuredExecutor executor = StructuredExecutor.open();
        for (int i = 0; i < 5; i++) {
            executor.submit(Latches.startedThenAwait(started, release));
        }
        started.await();
        assertThat(executor.stats().running()).isEqualTo(5);
        release.countDown();
        executor.close();
        ExecutorStats after = executor.stats();
        assertThat(after.running()).isZero();
        assertThat(after.peakRunning()).isEqualTo(5); // the sample taken while they ran is kept
    }

    @Test
    void stats_peakRunning_withMaxConcurrency_countsEveryWorker() throws Exception {
        CountDownLatch started = new CountDownLatch(3);
        CountDownLatch release = new CountDownLatch(1);
        StructuredExecutor executor = StructuredExecutor.builder().maxConcurrency(3).open();
        for (int i = 0; i < 10; i++) {
            executor.submit(Latches.startedThenAwait(started, release));
        }
        started.await(); // no stats() call while they run: the peak is counted, not sampled
        release.countDown();
        executor.close();
        assertThat(executor.stats().peakRunning()).isEqualTo(3);
    }

    @Test
    void stats_peakRunning_neverAboveMaxConcurrency() {
        StructuredExecutor executor = StructuredExecutor.builder().maxConcurrency(3).open();
        for (int i = 0; i < 2_000; i++) {
            executor.submit(Thread::yield);
        }
        executor.close();
        ExecutorStats stats = executor.stats();
        assertThat(stats.peakRunning()).isBetween(1, 3);
        assertThat(stats.completed()).isEqualTo(2_000);
    }

    @Test
    void stats_rejectedSubmits_areCountedAndNotSubmitted() {
        StructuredExecutor executor = StructuredExecutor.open();
        executor.submit(() -> 1);
        executor.close();
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> executor.submit(() -> 2))
                    .isInstanceOf(RejectedExecutionException.class);
        }
        assertThatThrownBy(() -> executor.map(x -> x, List.of(1, 2)))
                .isInstanceOf(RejectedExecutionException.class);
        ExecutorStats stats = executor.stats();
        assertThat(stats.rejected()).isEqualTo(4); // three submits and one map call
        assertThat(stats.submitted()).isEqualTo(1);
        assertThat(stats.completed()).isEqualTo(1);
    }

    @Test
    void stats_waiting_countsTasksQueuedForASlot() throws Exception {
        CountDownLatch started = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        StructuredExecutor executor = StructuredExecutor.builder().maxConcurrency(2).open();
        for (int i = 0; i < 7; i++) {
            executor.submit(Latches.startedThenAwait(started, release));
        }
        started.await();
        ExecutorStats during = executor.stats();
        assertThat(during.running()).isEqualTo(2);
        assertThat(during.waiting()).isEqualTo(5);
        assertThat(during.pending()).isEqualTo(7);
        release.countDown();
        executor.close();
        assertThat(executor.stats().waiting()).isZero();
    }

    @Test
    void stats_waiting_isZeroWithoutMaxConcurrency() throws Exception {
        CountDownLatch started = new CountDownLatch(3);
        CountDownLatch release = new CountDownLatch(1);
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            for (int i = 0; i < 3; i++) {
                executor.submit(Latches.startedThenAwait(started, release));
            }
            started.await();
            assertThat(executor.stats().waiting()).isZero();
            release.countDown();
        }
    }

    @Test
    void stats_queuedTaskCancelled_isCountedCancelled() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        StructuredExecutor executor = StructuredExecutor.builder().maxConcurrency(1).open();
        executor.submit(Latches.startedThenAwait(started, release));
        started.await();
        executor.submit(() -> 1).cancel(false);
        release.countDown();
        executor.close();
        assertThat(executor.stats()).isEqualTo(new ExecutorStats(2, 1, 0, 1, 0, 0, 0, 0, 1));
    }

    @Test
    void jfrEvents_whenEnabled_recordEachTaskAndTheClose(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("structex.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("io.structex.TaskEnd");
            recording.enable("io.structex.ExecutorClose");
            recording.start();
            try (StructuredExecutor executor = StructuredExecutor.builder().name("traced").open()) {
                executor.submit(() -> 1);
                executor.submit(
                        () -> {
                            throw new IllegalStateException("fails on purpose");
                        });
            }
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        List<RecordedEvent> taskEnds =
                events.stream()
                        .filter(e -> e.getEventType().getName().equals("io.structex.TaskEnd"))
                        .filter(e -> "traced".equals(e.getString("executor")))
                        .toList();
        assertThat(taskEnds)
                .extracting(e -> e.getString("outcome"))
                .containsExactlyInAnyOrder("success", "failure");
        RecordedEvent close =
                events.stream()
                        .filter(e -> e.getEventType().getName().equals("io.structex.ExecutorClose"))
                        .filter(e -> "traced".equals(e.getString("executor")))
                        .findFirst()
                        .orElseThrow();
        assertThat(close.getLong("tasksRun")).isEqualTo(2);
        assertThat(close.getLong("failed")).isEqualTo(1);
    }

    @Test
    void jfrEvents_areDisabledByDefault(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("default.jfr");
        try (Recording recording =
                new Recording(jdk.jfr.Configuration.getConfiguration("default"))) {
            recording.start();
            try (StructuredExecutor executor = StructuredExecutor.open()) {
                executor.submit(() -> 1);
            }
            recording.stop();
            recording.dump(file);
        }
        assertThat(RecordingFile.readAllEvents(file))
                .noneMatch(e -> e.getEventType().getName().startsWith("io.structex."));
    }

    /** JFR's Java side is started by the first event class to load (120-160 ms, 9 MB). */
    @Test
    void open_inAJvmWithoutARecording_loadsNoJfrEventClass() {
        ChildJvm.Result r =
                ChildJvm.run(JfrScenarios.class, "noRecording", List.of("-Xlog:class+load=info"));
        assertThat(r.output()).contains(JfrScenarios.DONE);
        assertThat(r.output())
                .doesNotContain("io.structex.TaskEndEvent")
                .doesNotContain("io.structex.ExecutorCloseEvent")
                .doesNotContain("jdk.jfr.internal.MetadataRepository");
    }

    @Test
    void jfrEvents_recordingStartsWhileOpen_tasksRecordedButNotThatExecutorsClose() {
        ChildJvm.Result r = ChildJvm.run(JfrScenarios.class, "recordingStartsLater");
        assertThat(r.output())
                .contains(JfrScenarios.DONE)
                .contains("io.structex.TaskEnd early x1")
                .contains("io.structex.TaskEnd late x1")
                .contains("io.structex.ExecutorClose late x1")
                .doesNotContain("io.structex.ExecutorClose early");
    }
}
