package io.structex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * submitAsync: a task without a thread of its own, pending until its stage completes, its future
 * completing as the stage does, its stage cancelled by whatever cancels the task with interrupt.
 */
@Timeout(60)
class SubmitAsyncTest {

    /**
     * A stage whose cancel only records the request, as a remote run's does: it completes later,
     * when the work behind it has ended.
     */
    static final class SlowCancel<T> extends CompletableFuture<T> {
        final CountDownLatch cancelRequested = new CountDownLatch(1);
        final AtomicInteger cancels = new AtomicInteger();

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            cancels.incrementAndGet();
            cancelRequested.countDown();
            return true;
        }
    }

    @Test
    void submitAsync_stageCompletes_futureHasItsValue() throws Exception {
        CompletableFuture<String> stage = new CompletableFuture<>();
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            TaskFuture<String> f = executor.submitAsync(() -> stage);
            assertThat(f.isDone()).isFalse();
            stage.complete("done");
            assertThat(f.get()).isEqualTo("done");
        }
    }

    @Test
    void submitAsync_startsInTheCallingThread() throws Exception {
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            var unused =
                    executor.submitAsync(
                            () -> {
                                ranOn.set(Thread.currentThread());
                                return CompletableFuture.completedFuture(1);
                            });
            assertThat(ranOn.get()).isSameAs(Thread.currentThread());
        }
    }

    @Test
    void submitAsync_stageIncomplete_taskIsPendingAndCloseWaits() throws Exception {
        CompletableFuture<Integer> stage = new CompletableFuture<>();
        StructuredExecutor executor = StructuredExecutor.open();
        var unused = executor.submitAsync(() -> stage);
        assertThat(executor.pendingCount()).isEqualTo(1);
        CountDownLatch closed = new CountDownLatch(1);
        Thread closer =
                Thread.ofVirtual()
                        .start(
                                () -> {
                                    executor.close();
                                    closed.countDown();
                                });
        assertThat(closed.await(200, TimeUnit.MILLISECONDS)).isFalse();
        stage.complete(7);
        closer.join();
        assertThat(executor.isTerminated()).isTrue();
        assertThat(executor.pendingCount()).isZero();
    }

    @Test
    void submitAsync_stageFails_futureFailsWithTheStagesException() {
        IOException failure = new IOException("remote");
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            TaskFuture<Integer> plain =
                    executor.submitAsync(() -> CompletableFuture.failedFuture(failure));
            TaskFuture<Integer> wrapped =
                    executor.submitAsync(
                            () ->
                                    CompletableFuture.<Integer>failedFuture(failure)
                                            .thenApply(x -> x + 1));
            assertThatThrownBy(plain::get)
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isSameAs(failure);
            assertThatThrownBy(wrapped::get)
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isSameAs(failure);
        }
    }

    @Test
    void submitAsync_startThrows_futureFailsAndTheCallDoesNot() throws Exception {
        IllegalStateException failure = new IllegalStateException("cannot start");
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            TaskFuture<Integer> f =
                    executor.submitAsync(
                            () -> {
                                throw failure;
                            });
            assertThat(f.exception()).isSameAs(failure);
            assertThat(executor.pendingCount()).isZero();
        }
    }

    @Test
    void submitAsync_startReturnsNull_futureFailsWithNullPointerException() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            TaskFuture<Integer> f = executor.submitAsync(() -> null);
            assertThat(f.exception())
                    .isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("start function returned null");
        }
    }

    @Test
    void submitAsync_null_throwsAndSubmitsNothing() {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            assertThatThrownBy(() -> executor.submitAsync(null))
                    .isInstanceOf(NullPointerException.class);
            assertThat(executor.stats().submitted()).isZero();
        }
    }

    @Test
    void submitAsync_afterShutdown_rejectedAndStartNotCalled() {
        AtomicInteger starts = new AtomicInteger();
        StructuredExecutor executor = StructuredExecutor.open();
        executor.shutdown();
        assertThatThrownBy(
                        () ->
                                executor.submitAsync(
                                        () -> {
                                            starts.incrementAndGet();
                                            return new CompletableFuture<Integer>();
                                        }))
                .isInstanceOf(RejectedExecutionException.class);
        assertThat(starts).hasValue(0);
        assertThat(executor.isTerminated()).isTrue();
    }

    @Test
    void cancelWithInterrupt_cancelsTheStage_taskPendingUntilItCompletes() throws Exception {
        SlowCancel<Integer> stage = new SlowCancel<>();
        StructuredExecutor executor = StructuredExecutor.open();
        TaskFuture<Integer> f = executor.submitAsync(() -> stage);
        assertThat(f.cancel(true)).isTrue();
        assertThat(stage.cancels).hasValue(1);
        assertThat(f.isCancelled()).isTrue();
        assertThat(executor.pendingCount()).isEqualTo(1);
        stage.completeExceptionally(new CancellationException());
        executor.close();
        assertThat(executor.pendingCount()).isZero();
    }

    @Test
    void cancelWithoutInterrupt_leavesTheStageAlone() throws Exception {
        SlowCancel<Integer> stage = new SlowCancel<>();
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            TaskFuture<Integer> f = executor.submitAsync(() -> stage);
            assertThat(f.cancel(false)).isTrue();
            assertThat(stage.cancels).hasValue(0);
            stage.complete(1);
        }
    }

    @Test
    void shutdownNow_cancelsTheStage() throws Exception {
        SlowCancel<Integer> stage = new SlowCancel<>();
        StructuredExecutor executor = StructuredExecutor.open();
        TaskFuture<Integer> f = executor.submitAsync(() -> stage);
        assertThat(executor.shutdownNow()).isEmpty();
        assertThat(stage.cancels).hasValue(1);
        assertThat(f.isCancelled()).isTrue();
        stage.complete(1);
        assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void shutdownNowDuringStart_cancelsTheStageOnceItIsReturned() throws Exception {
        SlowCancel<Integer> stage = new SlowCancel<>();
        StructuredExecutor executor = StructuredExecutor.open();
        TaskFuture<Integer> f =
                executor.submitAsync(
                        () -> {
                            executor.shutdownNow(); // the task runs: nothing to cancel yet
                            return stage;
                        });
        assertThat(f.isCancelled()).isTrue();
        assertThat(stage.cancels).hasValue(1);
        stage.complete(1);
        assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void failFast_aFailedStage_cancelsTheOtherStagesAndTasks() throws Exception {
        SlowCancel<Integer> sibling = new SlowCancel<>();
        CompletableFuture<Integer> failing = new CompletableFuture<>();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        StructuredExecutor executor = StructuredExecutor.builder().failFast(true).open();
        TaskFuture<Integer> siblingFuture = executor.submitAsync(() -> sibling);
        TaskFuture<Object> threadTask = executor.submit(Latches.untilInterrupted(started, ended));
        var unused = executor.submitAsync(() -> failing);
        started.await();
        failing.completeExceptionally(new IOException("boom"));
        sibling.cancelRequested.await();
        ended.await();
        assertThat(siblingFuture.isCancelled()).isTrue();
        assertThat(threadTask.isCancelled()).isTrue();
        sibling.complete(1);
        assertThatThrownBy(executor::close)
                .isInstanceOf(ScopeFailedException.class)
                .hasRootCauseInstanceOf(IOException.class);
    }

    @Test
    void timeout_cancelsTheStage() throws Exception {
        SlowCancel<Integer> stage = new SlowCancel<>();
        StructuredExecutor executor =
                StructuredExecutor.builder().timeout(Duration.ofMillis(50)).open();
        TaskFuture<Integer> f = executor.submitAsync(() -> stage);
        stage.cancelRequested.await();
        assertThat(f.isCancelled()).isTrue();
        stage.complete(1);
        assertThatThrownBy(executor::close).isInstanceOf(ScopeFailedException.class);
    }

    @Test
    void maxConcurrency_aStageHoldsItsSlotUntilItCompletes() throws Exception {
        CompletableFuture<Integer> first = new CompletableFuture<>();
        AtomicInteger secondStarts = new AtomicInteger();
        try (StructuredExecutor executor = StructuredExecutor.builder().maxConcurrency(1).open()) {
            var unused = executor.submitAsync(() -> first);
            TaskFuture<Integer> second =
                    executor.submitAsync(
                            () -> {
                                secondStarts.incrementAndGet();
                                return CompletableFuture.completedFuture(2);
                            });
            assertThat(second.state()).isEqualTo(Future.State.RUNNING);
            assertThat(secondStarts).hasValue(0);
            first.complete(1);
            assertThat(second.get()).isEqualTo(2);
            assertThat(secondStarts).hasValue(1);
        }
    }

    @Test
    void maxConcurrency_cancelWithInterrupt_cancelsTheStageAndWaitsForIt() throws Exception {
        SlowCancel<Integer> stage = new SlowCancel<>();
        CountDownLatch started = new CountDownLatch(1);
        StructuredExecutor executor = StructuredExecutor.builder().maxConcurrency(1).open();
        TaskFuture<Integer> f =
                executor.submitAsync(
                        () -> {
                            started.countDown();
                            return stage;
                        });
        started.await();
        f.cancel(true);
        stage.cancelRequested.await();
        assertThat(executor.pendingCount()).isEqualTo(1);
        stage.complete(1);
        executor.close();
        assertThat(executor.pendingCount()).isZero();
    }

    @Test
    void describe_showsAPendingStage() throws Exception {
        CompletableFuture<Integer> stage =
                new CompletableFuture<>() {
                    @Override
                    public String toString() {
                        return "the reply of example.com";
                    }
                };
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            var unused = executor.submitAsync(() -> stage);
            assertThat(executor.describe())
                    .contains("a task without a thread, waiting for the reply of example.com");
            stage.complete(1);
        }
    }

    @Test
    void manyStagesFromOneThread_allPendingThenAllEnd() throws Exception {
        CompletableFuture<Integer> gate = new CompletableFuture<>();
        StructuredExecutor executor = StructuredExecutor.open();
        for (int i = 0; i < 5_000; i++) {
            var unused = executor.submitAsync(() -> gate.thenApply(x -> x));
        }
        assertThat(executor.pendingCount()).isEqualTo(5_000);
        assertThat(executor.stats().running()).isEqualTo(5_000);
        gate.complete(1);
        executor.close();
        assertThat(executor.stats().completed()).isEqualTo(5_000);
    }

    @Test
    void stageCompletedBeforeStartReturns_endsInTheCallingThread() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            TaskFuture<Integer> f =
                    executor.submitAsync(() -> CompletableFuture.completedFuture(3));
            assertThat(f.isDone()).isTrue();
            assertThat(executor.pendingCount()).isZero();
        }
    }

    @Test
    void exceptionFromGetIsNotACompletionException() {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            TaskFuture<Integer> f =
                    executor.submitAsync(
                            () ->
                                    CompletableFuture.supplyAsync(
                                            () -> {
                                                throw new CompletionException(
                                                        new IOException("inner"));
                                            }));
            assertThatThrownBy(f::get).cause().isInstanceOf(IOException.class);
        }
    }

    /**
     * Runs {@code completion} on a platform thread of the test's, standing for an HTTP client's or
     * Hazelcast's, and returns that thread once it ended.
     */
    private static Thread completeFrom(Runnable completion) throws InterruptedException {
        Thread foreign = Thread.ofPlatform().name("foreign").start(completion);
        foreign.join();
        return foreign;
    }

    @Test
    void doneCallbacks_runOnAVirtualThread_notOnTheThreadThatCompletedTheStage() throws Exception {
        CompletableFuture<Integer> stage = new CompletableFuture<>();
        CompletableFuture<Thread> callbackThread = new CompletableFuture<>();
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            TaskFuture<Integer> f = executor.submitAsync(() -> stage);
            f.addDoneCallback(done -> callbackThread.complete(Thread.currentThread()));
            Thread foreign = completeFrom(() -> stage.complete(1));
            assertThat(callbackThread.get()).isNotSameAs(foreign).matches(Thread::isVirtual);
        }
    }

    @Test
    void doneCallbacks_taskIsPendingUntilTheyHaveRun() throws Exception {
        CompletableFuture<Integer> stage = new CompletableFuture<>();
        CountDownLatch inCallback = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        StructuredExecutor executor = StructuredExecutor.open();
        TaskFuture<Integer> f = executor.submitAsync(() -> stage);
        f.addDoneCallback(
                done -> {
                    inCallback.countDown();
                    Latches.awaitUninterruptibly(release);
                });
        Thread.ofPlatform().start(() -> stage.complete(1)); // not this thread: it waits below
        inCallback.await();
        assertThat(f.isDone()).isTrue();
        assertThat(executor.pendingCount()).isEqualTo(1);
        release.countDown();
        executor.close();
        assertThat(executor.pendingCount()).isZero();
    }

    @Test
    void failFast_aStageFailedElsewhere_othersAreCancelledOffThatThread() throws Exception {
        CompletableFuture<Integer> failing = new CompletableFuture<>();
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Thread> cancelledOn = new CompletableFuture<>();
        StructuredExecutor executor = StructuredExecutor.builder().failFast(true).open();
        TaskFuture<Object> other =
                executor.submit(Latches.untilInterrupted(started, new CountDownLatch(1)));
        other.addDoneCallback(done -> cancelledOn.complete(Thread.currentThread()));
        var unused = executor.submitAsync(() -> failing);
        started.await();
        Thread foreign = completeFrom(() -> failing.completeExceptionally(new IOException("boom")));
        assertThat(cancelledOn.get()).isNotSameAs(foreign).matches(Thread::isVirtual);
        assertThatThrownBy(executor::close).isInstanceOf(ScopeFailedException.class);
    }

    @Test
    void background_lastStageEndsElsewhere_backgroundIsCancelledOffThatThread() throws Exception {
        CompletableFuture<Integer> stage = new CompletableFuture<>();
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Thread> cancelledOn = new CompletableFuture<>();
        StructuredExecutor executor = StructuredExecutor.open();
        TaskFuture<Object> background =
                executor.submitBackground(Latches.untilInterrupted(started, new CountDownLatch(1)));
        background.addDoneCallback(done -> cancelledOn.complete(Thread.currentThread()));
        var unused = executor.submitAsync(() -> stage);
        started.await();
        executor.shutdown(false);
        Thread foreign = completeFrom(() -> stage.complete(1));
        assertThat(cancelledOn.get()).isNotSameAs(foreign).matches(Thread::isVirtual);
        assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
}
