package io.structex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** TaskFuture's Python methods: result(timeout), exception(), and the CompletableFuture view. */
@Timeout(60)
class TaskFuturePythonTest {

    @Test
    void getDuration_notDoneInTime_throwsTimeoutException() {
        CountDownLatch release = new CountDownLatch(1);
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            TaskFuture<?> f =
                    executor.submit(
                            () -> {
                                release.await();
                                return null;
                            });
            assertThatThrownBy(() -> f.get(Duration.ofMillis(1)))
                    .isInstanceOf(TimeoutException.class);
            assertThatThrownBy(() -> f.get(Duration.ZERO)).isInstanceOf(TimeoutException.class);
            release.countDown();
        }
    }

    @Test
    void getDuration_badTimeout_throwsAtTheCall() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            TaskFuture<Integer> f = executor.submit(() -> 1);
            assertThatThrownBy(() -> f.get((Duration) null))
                    .isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> f.get(Duration.ofMillis(-1)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(f.get(Duration.ofDays(365_000))).isEqualTo(1); // saturates, no overflow
        }
    }

    @Test
    void exception_success_returnsNull() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            assertThat(executor.submit(() -> 1).exception()).isNull();
        }
    }

    @Test
    void exception_failure_returnsWhatTheTaskThrew() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            TaskFuture<Object> f =
                    executor.submit(
                            () -> {
                                throw new java.io.IOException("io");
                            });
            assertThat(f.exception()).isInstanceOf(java.io.IOException.class).hasMessage("io");
            assertThat(f.exception(Duration.ZERO)).isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void exception_cancelled_throwsCancellationException() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            TaskFuture<?> f =
                    executor.submit(
                            () -> {
                                started.countDown();
                                new CountDownLatch(1).await();
                                return null;
                            });
            started.await();
            f.cancel(true);
            assertThatThrownBy(f::exception).isInstanceOf(CancellationException.class);
        }
    }

    @Test
    void exceptionDuration_notDoneInTime_throwsTimeoutException() {
        CountDownLatch release = new CountDownLatch(1);
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            TaskFuture<?> f =
                    executor.submit(
                            () -> {
                                release.await();
                                return null;
                            });
            assertThatThrownBy(() -> f.exception(Duration.ofMillis(1)))
                    .isInstanceOf(TimeoutException.class);
            release.countDown();
        }
    }

    @Test
    void toCompletableFuture_success_completesWithTheResult() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            CompletableFuture<String> cf = executor.submit(() -> "value").toCompletableFuture();
            assertThat(cf.get()).isEqualTo("value");
        }
    }

    @Test
    void toCompletableFuture_failure_completesExceptionallyWithTheCauseItself() {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            CompletableFuture<Object> cf =
                    executor.submit(
                                    () -> {
                                        throw new IllegalStateException("bad");
                                    })
                            .toCompletableFuture();
            assertThatThrownBy(cf::get)
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("bad");
            assertThat(cf.isCompletedExceptionally()).isTrue();
        }
    }

    @Test
    void toCompletableFuture_cancelled_cancelsTheTaskWithInterrupt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            TaskFuture<?> task =
                    executor.submit(
                            () -> {
                                started.countDown();
                                try {
                                    new CountDownLatch(1).await();
                                } catch (InterruptedException e) {
                                    interrupted.countDown();
                                }
                                return null;
                            });
            CompletableFuture<?> cf = task.toCompletableFuture();
            started.await();
            assertThat(cf.cancel(true)).isTrue();
            interrupted.await();
            assertThat(task.isCancelled()).isTrue();
            assertThat(cf.isCancelled()).isTrue();
        }
    }

    @Test
    void toCompletableFuture_taskCancelled_completableFutureIsCancelled() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            TaskFuture<?> task =
                    executor.submit(
                            () -> {
                                started.countDown();
                                new CountDownLatch(1).await();
                                return null;
                            });
            CompletableFuture<?> cf = task.toCompletableFuture();
            started.await();
            task.cancel(true);
            assertThat(cf.isCancelled()).isTrue();
            assertThatThrownBy(cf::join).isInstanceOf(CancellationException.class);
        }
    }
}
