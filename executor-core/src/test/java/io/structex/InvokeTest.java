package io.structex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class InvokeTest {

    /** A task that blocks until interrupted, and counts the interrupt. */
    private static Callable<String> blockUntilInterrupted(CountDownLatch interrupted) {
        return () -> {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            return "never";
        };
    }

    @Test
    void invokeAll_returnsEveryFutureDone_inInputOrder() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int n = i;
                tasks.add(() -> n * n);
            }
            List<Future<Integer>> futures = executor.invokeAll(tasks);
            assertThat(futures).allMatch(Future::isDone);
            for (int i = 0; i < 10; i++) {
                assertThat(futures.get(i).get()).isEqualTo(i * i);
            }
        }
    }

    @Test
    void invokeAllTimed_timeoutElapses_cancelsTheUnfinishedWithInterrupt() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            List<Future<String>> futures = executor.invokeAll(
                    List.of(() -> "quick", blockUntilInterrupted(interrupted)),
                    10, TimeUnit.MILLISECONDS);
            assertThat(futures.get(0).get()).isEqualTo("quick");
            assertThat(futures.get(1).isCancelled()).isTrue();
            interrupted.await();
        }
    }

    @Test
    void invokeAll_interrupted_cancelsEveryTask() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(2);
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            Thread.currentThread().interrupt();
            assertThatThrownBy(() -> executor.invokeAll(List.of(
                    blockUntilInterrupted(interrupted), blockUntilInterrupted(interrupted))))
                    .isInstanceOf(InterruptedException.class);
            interrupted.await();
        }
    }

    @Test
    void invokeAll_nullElement_throwsNullPointerException_andSubmitsNothing() {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            List<Callable<Integer>> tasks = Arrays.asList(() -> 1, null);
            assertThatThrownBy(() -> executor.invokeAll(tasks)).isInstanceOf(NullPointerException.class);
            assertThat(executor.pendingCount()).isZero();
        }
    }

    @Test
    void invokeAny_returnsASuccessfulResult_andCancelsTheOthers() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            String result = executor.invokeAny(List.of(
                    blockUntilInterrupted(interrupted),
                    () -> {
                        throw new IllegalStateException("fails");
                    },
                    () -> "winner"));
            assertThat(result).isEqualTo("winner");
            interrupted.await();
        }
    }

    @Test
    void invokeAny_everyTaskFails_throwsExecutionExceptionWithAFailure() {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            assertThatThrownBy(() -> executor.invokeAny(List.<Callable<String>>of(
                    () -> {
                        throw new IllegalStateException("one");
                    },
                    () -> {
                        throw new IllegalStateException("two");
                    })))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void invokeAnyTimed_nothingSucceedsInTime_throwsTimeoutAndCancelsAll() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(2);
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            assertThatThrownBy(() -> executor.invokeAny(List.of(
                    blockUntilInterrupted(interrupted), blockUntilInterrupted(interrupted)),
                    10, TimeUnit.MILLISECONDS))
                    .isInstanceOf(TimeoutException.class);
            interrupted.await();
        }
    }

    @Test
    void invokeAny_empty_throwsIllegalArgumentException() {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            assertThatThrownBy(() -> executor.invokeAny(List.<Callable<String>>of()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void invokeAny_afterShutdown_isRejected() {
        StructuredExecutor executor = StructuredExecutor.open();
        executor.shutdown();
        assertThatThrownBy(() -> executor.invokeAny(List.of(() -> 1)))
                .isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
    }
}
