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

    /**
     * A task that blocks until interrupted. It may be cancelled before its body starts, so tests
     * prove the cancelling by close() returning (the test's timeout fails a hang), not by a latch
     * in the body.
     */
    private static Callable<String> blockUntilInterrupted() {
        return () -> {
            new CountDownLatch(1).await();
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
    void invokeAllTimed_timeoutElapses_cancelsTheUnfinished() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            List<Future<String>> futures =
                    executor.invokeAll(
                            List.of(() -> "quick", blockUntilInterrupted()),
                            10,
                            TimeUnit.MILLISECONDS);
            assertThat(futures.get(0).get()).isEqualTo("quick");
            assertThat(futures.get(1).isCancelled()).isTrue();
        } // returns: the blocked task was cancelled before it started or interrupted
    }

    @Test
    void invokeAll_interrupted_cancelsEveryTask() {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            Thread.currentThread().interrupt();
            assertThatThrownBy(
                            () ->
                                    executor.invokeAll(
                                            List.of(
                                                    blockUntilInterrupted(),
                                                    blockUntilInterrupted())))
                    .isInstanceOf(InterruptedException.class);
        } // returns: both tasks were cancelled
    }

    @Test
    void invokeAll_nullElement_throwsNullPointerException_andSubmitsNothing() {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            List<Callable<Integer>> tasks = Arrays.asList(() -> 1, null);
            assertThatThrownBy(() -> executor.invokeAll(tasks))
                    .isInstanceOf(NullPointerException.class);
            assertThat(executor.pendingCount()).isZero();
        }
    }

    @Test
    void invokeAny_returnsASuccessfulResult_andCancelsTheOthers() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            String result =
                    executor.invokeAny(
                            List.of(
                                    blockUntilInterrupted(),
                                    () -> {
                                        throw new IllegalStateException("fails");
                                    },
                                    () -> "winner"));
            assertThat(result).isEqualTo("winner");
        } // returns: the blocked task was cancelled
    }

    @Test
    void invokeAny_everyTaskFails_throwsExecutionExceptionWithAFailure() {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            assertThatThrownBy(
                            () ->
                                    executor.invokeAny(
                                            List.<Callable<String>>of(
                                                    () -> {
                                                        throw new IllegalStateException("one");
                                                    },
                                                    () -> {
                                                        throw new IllegalStateException("two");
                                                    })))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void invokeAnyTimed_nothingSucceedsInTime_throwsTimeoutAndCancelsAll() {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            assertThatThrownBy(
                            () ->
                                    executor.invokeAny(
                                            List.of(
                                                    blockUntilInterrupted(),
                                                    blockUntilInterrupted()),
                                            10,
                                            TimeUnit.MILLISECONDS))
                    .isInstanceOf(TimeoutException.class);
        } // returns: both tasks were cancelled
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
