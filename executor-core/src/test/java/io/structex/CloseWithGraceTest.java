package io.structex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code close(Duration)}: Python's {@code with} exit, bounded; then what is left is cancelled. */
@Timeout(60)
class CloseWithGraceTest {

    static Stream<Supplier<StructuredExecutorBuilder>> configs() {
        return Stream.of(
                StructuredExecutor::builder,
                () -> StructuredExecutor.builder().name("grace"),
                () -> StructuredExecutor.builder().maxConcurrency(1));
    }

    /** A task that waits until it is interrupted; counts down {@code interrupted} then. */
    private static Future<?> untilInterrupted(
            StructuredExecutor executor, CountDownLatch started, CountDownLatch interrupted) {
        return executor.submit(Latches.untilInterrupted(started, interrupted));
    }

    @ParameterizedTest
    @MethodSource("configs")
    void closeDuration_tasksEndInTime_returnsTrue(Supplier<StructuredExecutorBuilder> config)
            throws Exception {
        StructuredExecutor executor = config.get().open();
        Future<String> f = executor.submit(() -> "done");
        assertThat(executor.close(Duration.ofSeconds(30))).isTrue();
        assertThat(f.get()).isEqualTo("done");
        assertThat(executor.isTerminated()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("configs")
    void closeDuration_zero_cancelsPendingAtOnce(Supplier<StructuredExecutorBuilder> config)
            throws Exception {
        StructuredExecutor executor = config.get().open();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Future<?> running = untilInterrupted(executor, started, interrupted);
        started.await();
        Future<?> queued = executor.submit(() -> "never waited for");
        assertThat(executor.close(Duration.ZERO)).isFalse();
        assertThat(interrupted.getCount()).isZero();
        assertThat(running.state()).isEqualTo(Future.State.CANCELLED);
        assertThat(queued.isDone()).isTrue();
        assertThat(executor.isTerminated()).isTrue();
    }

    @Test
    void closeDuration_graceElapses_cancelsWithInterrupt_returnsFalse() throws Exception {
        StructuredExecutor executor = StructuredExecutor.open();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Future<?> f = untilInterrupted(executor, started, interrupted);
        started.await();
        assertThat(executor.close(Duration.ofMillis(20))).isFalse();
        assertThat(f.isCancelled()).isTrue();
        assertThat(interrupted.getCount()).isZero();
    }

    @Test
    void closeDuration_nothingPending_returnsTrue() {
        StructuredExecutor executor = StructuredExecutor.open();
        assertThat(executor.close(Duration.ZERO)).isTrue();
        assertThat(executor.close(Duration.ZERO)).isTrue(); // terminated: nothing to wait for
    }

    @Test
    void closeDuration_negative_throwsAndChangesNothing() throws Exception {
        StructuredExecutor executor = StructuredExecutor.open();
        assertThatThrownBy(() -> executor.close(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative grace period");
        assertThat(executor.isShutdown()).isFalse();
        assertThat(executor.submit(() -> 1).get()).isEqualTo(1);
        executor.close();
    }

    @Test
    void closeDuration_null_throwsAndChangesNothing() {
        StructuredExecutor executor = StructuredExecutor.open();
        assertThatThrownBy(() -> executor.close(null)).isInstanceOf(NullPointerException.class);
        assertThat(executor.isShutdown()).isFalse();
        executor.close();
    }

    @Test
    void closeDuration_fromOwnTask_throwsIllegalState() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            Future<Throwable> f =
                    executor.submit(
                            () -> {
                                try {
                                    executor.close(Duration.ZERO);
                                    return null;
                                } catch (IllegalStateException e) {
                                    return e;
                                }
                            });
            assertThat(f.get()).hasMessageContaining("close(Duration) called from a task of");
            assertThat(executor.isShutdown()).isFalse();
        }
    }

    @Test
    void closeDuration_taskIgnoresInterrupt_keepsWaitingUntilItEnds() throws Exception {
        StructuredExecutor executor = StructuredExecutor.open();
        CountDownLatch interrupted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        executor.submit(
                () -> {
                    started.countDown();
                    try {
                        new CountDownLatch(1).await();
                    } catch (InterruptedException ignored) {
                        interrupted.countDown();
                    }
                    Latches.awaitUninterruptibly(release); // ignores the interrupt: runs on
                    return null;
                });
        started.await();
        CompletableFuture<Boolean> closed =
                CompletableFuture.supplyAsync(() -> executor.close(Duration.ZERO));
        interrupted.await();
        assertThat(closed).isNotDone(); // the task is still pending: close waits for it
        release.countDown();
        assertThat(closed.get()).isFalse();
    }

    @Test
    void closeDuration_interruptedWhileWaiting_cancelsAndReturnsFalseWithFlag() throws Exception {
        StructuredExecutor executor = StructuredExecutor.open();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        untilInterrupted(executor, started, interrupted);
        started.await();
        Thread.currentThread().interrupt(); // as an interrupt that comes while it waits
        try {
            assertThat(executor.close(Duration.ofHours(1))).isFalse();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(interrupted.getCount()).isZero();
        assertThat(executor.isTerminated()).isTrue();
    }

    @Test
    void closeDuration_failFast_throwsScopeFailed() {
        StructuredExecutor executor = StructuredExecutor.builder().failFast(true).open();
        executor.submit(
                () -> {
                    throw new IllegalStateException("boom");
                });
        assertThatThrownBy(() -> executor.close(Duration.ofSeconds(30)))
                .isInstanceOf(ScopeFailedException.class)
                .hasRootCauseMessage("boom");
    }

    @Test
    void closeDuration_graceElapses_cancelsChildScopeTasks() throws Exception {
        StructuredExecutor parent = StructuredExecutor.open();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        parent.submit(
                        () -> {
                            StructuredExecutor child = StructuredExecutor.open();
                            untilInterrupted(child, started, interrupted);
                            child.shutdown(false);
                            return null;
                        })
                .get();
        started.await();
        assertThat(parent.close(Duration.ofMillis(10))).isFalse();
        assertThat(interrupted.getCount()).isZero();
    }

    @Test
    void closeDuration_cancelledTasks_areNotAFailure() throws Exception {
        StructuredExecutor executor = StructuredExecutor.builder().failFast(true).open();
        CountDownLatch started = new CountDownLatch(1);
        Future<?> f = untilInterrupted(executor, started, new CountDownLatch(1));
        started.await();
        assertThat(executor.close(Duration.ZERO)).isFalse(); // no ScopeFailedException
        assertThatThrownBy(() -> f.get(1, java.util.concurrent.TimeUnit.SECONDS))
                .isNotInstanceOfAny(ExecutionException.class, TimeoutException.class);
    }
}
