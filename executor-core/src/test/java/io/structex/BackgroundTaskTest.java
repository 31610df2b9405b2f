package io.structex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code submitBackground}: a task that the end of the scope stops rather than waits for, once
 * everything else has ended.
 */
@Timeout(60)
class BackgroundTaskTest {

    /** A background task that runs until interrupted; counts down {@code ended} in its finally. */
    private static TaskFuture<Object> reporter(
            StructuredExecutor executor, CountDownLatch started, CountDownLatch ended) {
        return executor.submitBackground(Latches.untilInterrupted(started, ended));
    }

    @Test
    void close_regularTasksDone_cancelsBackgroundAndReturnsAfterItEnded() throws Exception {
        StructuredExecutor executor = StructuredExecutor.open();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        TaskFuture<Object> background = reporter(executor, started, ended);
        Future<String> regular = executor.submit(() -> "work");
        started.await();
        executor.close();
        assertThat(regular.get()).isEqualTo("work");
        assertThat(background.isCancelled()).isTrue();
        assertThat(ended.getCount()).isZero(); // its finally ran before close returned
        assertThat(executor.isTerminated()).isTrue();
    }

    @Test
    void background_notCancelledWhileRegularTaskPending() throws Exception {
        StructuredExecutor executor = StructuredExecutor.open();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TaskFuture<Object> background = reporter(executor, started, new CountDownLatch(1));
        executor.submit(
                () -> {
                    release.await();
                    return null;
                });
        started.await();
        executor.shutdown(false);
        assertThat(background.isCancelled()).isFalse(); // a regular task is still pending
        assertThat(executor.isTerminated()).isFalse();
        release.countDown();
        assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(background.isCancelled()).isTrue();
    }

    @Test
    void onlyBackgroundLeft_shutdown_cancelsAtOnce() throws Exception {
        StructuredExecutor executor = StructuredExecutor.open();
        CountDownLatch started = new CountDownLatch(1);
        TaskFuture<Object> background = reporter(executor, started, new CountDownLatch(1));
        started.await();
        executor.shutdown(false);
        assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(background.isCancelled()).isTrue();
    }

    @Test
    void background_neverShutDown_runsOn() throws Exception {
        StructuredExecutor executor = StructuredExecutor.open();
        CountDownLatch started = new CountDownLatch(1);
        TaskFuture<Object> background = reporter(executor, started, new CountDownLatch(1));
        started.await();
        executor.submit(() -> "regular").get();
        assertThat(background.isDone()).isFalse(); // not shut down: nothing ends the scope yet
        executor.close();
        assertThat(background.isCancelled()).isTrue();
    }

    @Test
    void background_isCountedAndDescribed() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.builder().name("scope").open()) {
            CountDownLatch started = new CountDownLatch(1);
            reporter(executor, started, new CountDownLatch(1));
            started.await();
            assertThat(executor.pendingCount()).isEqualTo(1);
            assertThat(executor.stats().submitted()).isEqualTo(1);
            assertThat(executor.describe()).contains("scope-background-1 (running, background)");
        }
    }

    @Test
    void background_failure_failsFailFastScope() throws Exception {
        StructuredExecutor executor = StructuredExecutor.builder().failFast(true).open();
        TaskFuture<Object> reporter =
                executor.submitBackground(
                        () -> {
                            throw new IOException("reporter failed");
                        });
        // It must fail before the scope ends: a close() that finds only background work left
        // cancels it first (the race this test once lost on a clean clone).
        assertThat(reporter).failsWithin(java.time.Duration.ofSeconds(30));
        assertThatThrownBy(executor::close)
                .isInstanceOf(ScopeFailedException.class)
                .hasRootCauseMessage("reporter failed");
    }

    @Test
    void background_doesNotTakeAMaxConcurrencySlot() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.builder().maxConcurrency(1).open()) {
            CountDownLatch started = new CountDownLatch(1);
            reporter(executor, started, new CountDownLatch(1));
            started.await();
            assertThat(executor.submit(() -> "runs beside it").get()).isEqualTo("runs beside it");
        }
    }

    @Test
    void background_childScopeOfBackgroundTask_isBackgroundWork() throws Exception {
        StructuredExecutor executor = StructuredExecutor.open();
        CountDownLatch childTaskStarted = new CountDownLatch(1);
        CountDownLatch childTaskEnded = new CountDownLatch(1);
        executor.submitBackground(
                () -> {
                    try (StructuredExecutor child = StructuredExecutor.open()) {
                        child.submit(Latches.untilInterrupted(childTaskStarted, childTaskEnded));
                    }
                    return null;
                });
        childTaskStarted.await();
        executor.close(); // would wait for ever if the child counted as regular work
        assertThat(childTaskEnded.getCount()).isZero();
    }

    @Test
    void background_childScopeOfRegularTask_isWaitedFor() throws Exception {
        StructuredExecutor executor = StructuredExecutor.open();
        CountDownLatch started = new CountDownLatch(1);
        TaskFuture<Object> background = reporter(executor, started, new CountDownLatch(1));
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Future<?>> childTask = new AtomicReference<>();
        executor.submit(
                        () -> {
                            StructuredExecutor child = StructuredExecutor.open();
                            childTask.set(
                                    child.submit(
                                            () -> {
                                                release.await();
                                                return "child work";
                                            }));
                            child.shutdown(false);
                            return null;
                        })
                .get();
        started.await();
        executor.shutdown(false);
        assertThat(background.isCancelled()).isFalse(); // the child's regular task is pending
        release.countDown();
        assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(childTask.get().get()).isEqualTo("child work");
        assertThat(background.isCancelled()).isTrue();
    }

    @Test
    void background_shutdownNow_cancelsIt() throws Exception {
        StructuredExecutor executor = StructuredExecutor.open();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        TaskFuture<Object> background = reporter(executor, started, ended);
        started.await();
        executor.shutdownNow();
        ended.await();
        assertThat(background.isCancelled()).isTrue();
        executor.close();
    }

    @Test
    void background_afterShutdown_rejectedAndNothingCounted() {
        StructuredExecutor executor = StructuredExecutor.open();
        executor.shutdown();
        assertThatThrownBy(() -> executor.submitBackground(() -> 1))
                .isInstanceOf(RejectedExecutionException.class);
        assertThat(executor.termination.pending()).isZero();
        assertThat(executor.isTerminated()).isTrue();
    }

    @Test
    void background_null_throwsNullPointer() {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            assertThatThrownBy(() -> executor.submitBackground(null))
                    .isInstanceOf(NullPointerException.class);
            assertThat(executor.termination.pending()).isZero();
        }
    }

    @Test
    void background_endsByItself_scopeEndsNormally() throws Exception {
        StructuredExecutor executor = StructuredExecutor.open();
        TaskFuture<String> background = executor.submitBackground(() -> "finished");
        assertThat(background.get()).isEqualTo("finished");
        executor.close();
        assertThat(background.state()).isEqualTo(Future.State.SUCCESS);
        assertThat(executor.termination.pending()).isZero();
    }
}
