package io.structex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(60)
class StructuredExecutorTest {

    private static final String AFTER_SHUTDOWN = "cannot schedule new futures after shutdown";

    @Test
    void submit_eachTask_runsOnItsOwnNewVirtualThread() throws Exception {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            for (int i = 0; i < 10; i++) {
                executor.submit(() -> threads.add(Thread.currentThread()));
            }
        }
        assertThat(threads)
                .hasSize(10)
                .allMatch(Thread::isVirtual)
                .doesNotContain(Thread.currentThread());
    }

    @Test
    void submit_callable_getReturnsItsResult() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            assertThat(executor.submit(() -> 42).get()).isEqualTo(42);
        }
    }

    @Test
    void submit_runnable_getReturnsNull() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            assertThat(executor.submit(() -> {}).get()).isNull();
        }
    }

    @Test
    void submit_runnableWithResult_getReturnsTheResult() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            assertThat(executor.submit(() -> {}, "done").get()).isEqualTo("done");
        }
    }

    @Test
    void submit_taskThrows_getThrowsExecutionExceptionWithTheCause() {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            TaskFuture<Object> f =
                    executor.submit(
                            () -> {
                                throw new java.io.IOException("boom");
                            });
            assertThatThrownBy(f::get)
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(java.io.IOException.class)
                    .hasMessage("boom");
        }
    }

    @Test
    void execute_taskThrows_exceptionReachesUncaughtExceptionHandler() throws Exception {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        AtomicReference<Throwable> seen = new AtomicReference<>();
        CountDownLatch handled = new CountDownLatch(1);
        Thread.setDefaultUncaughtExceptionHandler(
                (t, e) -> {
                    seen.set(e);
                    handled.countDown();
                });
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            executor.execute(
                    () -> {
                        throw new IllegalStateException("from execute");
                    });
            handled.await();
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
        assertThat(seen.get()).isInstanceOf(IllegalStateException.class).hasMessage("from execute");
    }

    @Test
    void pendingCount_countsTaskUntilItsThreadFinishes() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        StructuredExecutor executor = StructuredExecutor.open();
        executor.submit(
                () -> {
                    release.await();
                    return null;
                });
        assertThat(executor.pendingCount()).isEqualTo(1);
        release.countDown();
        executor.close();
        assertThat(executor.pendingCount()).isZero();
    }

    @Test
    void pendingCount_cancelledWhileRunning_staysPendingUntilBodyEnds() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch mayEnd = new CountDownLatch(1);
        AtomicBoolean bodyEnded = new AtomicBoolean();
        StructuredExecutor executor = StructuredExecutor.open();
        TaskFuture<?> f =
                executor.submit(
                        () -> {
                            started.countDown();
                            Latches.awaitUninterruptibly(mayEnd);
                            bodyEnded.set(true);
                        });
        started.await();
        assertThat(f.cancel(true)).isTrue();
        assertThat(f.isDone()).isTrue();
        assertThat(executor.pendingCount()).isEqualTo(1);
        executor.shutdown(false);
        assertThat(executor.isTerminated()).isFalse();
        mayEnd.countDown();
        executor.close();
        assertThat(bodyEnded).isTrue();
        assertThat(executor.pendingCount()).isZero();
    }

    @Test
    void close_returnsOnlyWhenEveryPendingTaskHasFinished() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();
        StructuredExecutor executor = StructuredExecutor.open();
        for (int i = 0; i < 20; i++) {
            executor.submit(
                    () -> {
                        release.await();
                        finished.incrementAndGet();
                        return null;
                    });
        }
        AtomicInteger finishedWhenCloseReturned = new AtomicInteger(-1);
        Thread closer =
                Thread.ofPlatform()
                        .start(
                                () -> {
                                    executor.close();
                                    finishedWhenCloseReturned.set(finished.get());
                                });
        Latches.spinUntil(executor::isShutdown);
        release.countDown();
        closer.join();
        assertThat(finishedWhenCloseReturned).hasValue(20);
        assertThat(executor.isTerminated()).isTrue();
    }

    @Test
    void shutdownNoWait_returnsAtOnce_andTerminatesWhenTheLastTaskEnds() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        StructuredExecutor executor = StructuredExecutor.open();
        executor.submit(
                () -> {
                    release.await();
                    return null;
                });
        executor.shutdown(false); // returns while the task still waits for us
        assertThat(executor.isShutdown()).isTrue();
        assertThat(executor.isTerminated()).isFalse();
        release.countDown();
        assertThat(executor.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        assertThat(executor.diagnostics.taskThreads()).isEmpty();
    }

    @Test
    void shutdown_noArgument_isShutdownFalse_returnsAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        StructuredExecutor executor = StructuredExecutor.open();
        executor.submit(
                () -> {
                    release.await();
                    return null;
                });
        executor.shutdown();
        assertThat(executor.isShutdown()).isTrue();
        assertThat(executor.isTerminated()).isFalse();
        release.countDown();
        executor.close();
    }

    static Stream<Arguments> shutdownWays() {
        return Stream.of(
                Arguments.of(
                        "shutdown()", (Consumer<StructuredExecutor>) StructuredExecutor::shutdown),
                Arguments.of(
                        "shutdown(false)", (Consumer<StructuredExecutor>) e -> e.shutdown(false)),
                Arguments.of(
                        "shutdown(true)", (Consumer<StructuredExecutor>) e -> e.shutdown(true)),
                Arguments.of(
                        "shutdown(false, true)",
                        (Consumer<StructuredExecutor>) e -> e.shutdown(false, true)),
                Arguments.of("close()", (Consumer<StructuredExecutor>) StructuredExecutor::close),
                Arguments.of(
                        "shutdownNow()",
                        (Consumer<StructuredExecutor>) StructuredExecutor::shutdownNow));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shutdownWays")
    void submit_afterAnyShutdown_isRejectedWithPythonsMessage(
            String way, Consumer<StructuredExecutor> shutdown) {
        StructuredExecutor executor = StructuredExecutor.open();
        shutdown.accept(executor);
        assertThatThrownBy(() -> executor.submit(() -> 1))
                .isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining(AFTER_SHUTDOWN);
        assertThatThrownBy(() -> executor.submit(() -> {}))
                .isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining(AFTER_SHUTDOWN);
        assertThatThrownBy(() -> executor.submit(() -> {}, 1))
                .isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining(AFTER_SHUTDOWN);
        assertThatThrownBy(() -> executor.execute(() -> {}))
                .isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining(AFTER_SHUTDOWN);
        assertThat(executor.pendingCount()).isZero();
    }

    @Test
    void shutdown_everyWayRepeatedInAnyOrder_isIdempotent() throws Exception {
        StructuredExecutor executor = StructuredExecutor.open();
        executor.submit(() -> 1).get();
        executor.shutdown(false);
        executor.close();
        assertThat(executor.shutdownNow()).isEmpty();
        executor.shutdown(true, true);
        executor.shutdown();
        executor.close();
        assertThat(executor.isTerminated()).isTrue();
        assertThat(executor.awaitTermination(0, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void close_fromOwnTask_throwsIllegalStateException_andChangesNothing() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            TaskFuture<?> f = executor.submit(() -> executor.close());
            assertThatThrownBy(f::get)
                    .cause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot join current thread");
            assertThat(executor.isShutdown()).isFalse();
            assertThat(executor.submit(() -> 1).get()).isEqualTo(1);
        }
    }

    @Test
    void shutdownWait_fromOwnTask_throwsIllegalStateException() {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            TaskFuture<?> f = executor.submit(() -> executor.shutdown(true, true));
            assertThatThrownBy(f::get).cause().isInstanceOf(IllegalStateException.class);
            assertThat(executor.isShutdown()).isFalse();
        }
    }

    @Test
    void shutdownNoWait_fromOwnTask_shutsDown() throws Exception {
        StructuredExecutor executor = StructuredExecutor.open();
        executor.submit(() -> executor.shutdown(false)).get();
        assertThat(executor.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
    }

    @Test
    void close_interrupted_cancelsTasksWithInterrupt_keepsWaiting_thenRestoresFlag()
            throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch taskInterrupted = new CountDownLatch(1);
        CountDownLatch mayEnd = new CountDownLatch(1);
        AtomicBoolean taskEnded = new AtomicBoolean();
        StructuredExecutor executor = StructuredExecutor.open();
        TaskFuture<?> f =
                executor.submit(
                        () -> {
                            started.countDown();
                            try {
                                new CountDownLatch(1).await();
                            } catch (InterruptedException e) {
                                taskInterrupted.countDown();
                            }
                            Latches.awaitUninterruptibly(mayEnd);
                            taskEnded.set(true);
                        });
        started.await();
        AtomicBoolean endedWhenCloseReturned = new AtomicBoolean();
        AtomicBoolean flagWhenCloseReturned = new AtomicBoolean();
        Thread closer =
                Thread.ofPlatform()
                        .start(
                                () -> {
                                    executor.close();
                                    endedWhenCloseReturned.set(taskEnded.get());
                                    flagWhenCloseReturned.set(
                                            Thread.currentThread().isInterrupted());
                                });
        Latches.spinUntil(executor::isShutdown);
        closer.interrupt();
        taskInterrupted.await();
        assertThat(f.isCancelled()).isTrue();
        mayEnd.countDown();
        closer.join();
        assertThat(endedWhenCloseReturned).isTrue();
        assertThat(flagWhenCloseReturned).isTrue();
    }

    @Test
    void shutdownCancelFutures_neverInterruptsRunningTasks() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        StructuredExecutor executor = StructuredExecutor.open();
        TaskFuture<String> f =
                executor.submit(
                        () -> {
                            started.countDown();
                            release.await(); // an interrupt would throw here
                            return "finished";
                        });
        started.await();
        executor.shutdown(false, true);
        release.countDown();
        assertThat(f.get()).isEqualTo("finished");
        executor.close();
    }

    @Test
    void shutdownNow_interruptsRunningTasks_andCancelsTheirFutures() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        StructuredExecutor executor = StructuredExecutor.open();
        TaskFuture<?> f =
                executor.submit(
                        () -> {
                            started.countDown();
                            try {
                                new CountDownLatch(1).await();
                            } catch (InterruptedException e) {
                                interrupted.countDown();
                            }
                        });
        started.await();
        List<Runnable> neverStarted = executor.shutdownNow();
        interrupted.await();
        assertThat(neverStarted).isEmpty();
        assertThat(f.isCancelled()).isTrue();
        assertThat(executor.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
    }

    @Test
    void awaitTermination_whileTasksPending_returnsFalseAtTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        StructuredExecutor executor = StructuredExecutor.open();
        executor.submit(
                () -> {
                    release.await();
                    return null;
                });
        executor.shutdown();
        assertThat(executor.awaitTermination(10, TimeUnit.MILLISECONDS)).isFalse();
        release.countDown();
        assertThat(executor.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
    }

    @Test
    void submit_nullTask_throwsNullPointerException_andSubmitsNothing() {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            assertThatThrownBy(() -> executor.submit((java.util.concurrent.Callable<?>) null))
                    .isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> executor.submit((Runnable) null))
                    .isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> executor.submit((Runnable) null, 1))
                    .isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> executor.execute(null))
                    .isInstanceOf(NullPointerException.class);
            assertThat(executor.pendingCount()).isZero();
            assertThat(executor.isShutdown()).isFalse();
        }
    }

    @Test
    void builder_badInput_throwsAtTheCall() {
        assertThatThrownBy(() -> StructuredExecutor.builder().name(null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> StructuredExecutor.builder().name(" "))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StructuredExecutor.builder().shutdownGracePeriod(null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(
                        () ->
                                StructuredExecutor.builder()
                                        .shutdownGracePeriod(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namedExecutor_namesItsThreadsNameDashNumber() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.builder().name("crawler").open()) {
            assertThat(executor.submit(() -> Thread.currentThread().getName()).get())
                    .isEqualTo("crawler-1");
            assertThat(executor.submit(() -> Thread.currentThread().getName()).get())
                    .isEqualTo("crawler-2");
        }
    }

    @Test
    void toString_showsNameStateAndPendingCount() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        StructuredExecutor executor = StructuredExecutor.builder().name("crawler").open();
        executor.submit(
                () -> {
                    release.await();
                    return null;
                });
        assertThat(executor).hasToString("StructuredExecutor[crawler, RUNNING, pending=1]");
        executor.shutdown();
        assertThat(executor).hasToString("StructuredExecutor[crawler, SHUTDOWN, pending=1]");
        release.countDown();
        executor.close();
        assertThat(executor).hasToString("StructuredExecutor[crawler, TERMINATED, pending=0]");
    }

    @Test
    void terminatedExecutor_holdsNoTaskAndIsNotKeptAlive() throws Exception {
        StructuredExecutor executor = StructuredExecutor.open();
        for (int i = 0; i < 100; i++) {
            executor.submit(() -> 1);
        }
        executor.close();
        assertThat(executor.diagnostics.taskThreads()).isEmpty();
        assertThat(executor.termination.holdingSeen()).isFalse();
        assertThat(KeepAlive.HOLDING.active()).doesNotContain(executor);
    }

    @Test
    void openedInsideVirtualThread_behavesTheSame() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        Thread.ofVirtual()
                .start(
                        () -> {
                            try (StructuredExecutor executor = StructuredExecutor.open()) {
                                for (int i = 0; i < 10; i++) {
                                    executor.submit(ran::incrementAndGet);
                                }
                            }
                        })
                .join();
        assertThat(ran).hasValue(10);
    }

    @Test
    void run_calledOnTheFutureFromAnotherThread_doesNothing() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger bodies = new AtomicInteger();
        StructuredExecutor executor = StructuredExecutor.open();
        TaskFuture<?> future =
                executor.submit(
                        () -> {
                            bodies.incrementAndGet();
                            started.countDown();
                            release.await();
                            return null;
                        });
        started.await();
        assertThat(future).isInstanceOf(Runnable.class); // as the JDK's futures are
        ((Runnable) future).run(); // returns at once: the task's own thread has it
        release.countDown();
        executor.close();
        assertThat(bodies).hasValue(1);
        ExecutorStats stats = executor.stats();
        assertThat(stats).isEqualTo(new ExecutorStats(1, 1, 0, 0, 0, 0, 0, 0, stats.peakRunning()));
    }
}
