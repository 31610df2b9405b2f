package io.structex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@link java.util.concurrent.ExecutorService} contract, written once and run over every
 * configuration: unbounded, bounded, named, fail-fast, with a timeout, opened inside a virtual
 * thread, opened inside a task of another executor. Modelled on the JDK's own tests of
 * ThreadPerTaskExecutor (InvokeTest, SubmitTest, CloseTest). Tasks here never fail, so fail-fast
 * changes nothing.
 */
@Timeout(60)
class ExecutorServiceContractTest {

    /** Where and how a configuration opens its executor and runs the test body. */
    record Config(String name, Supplier<StructuredExecutorBuilder> builder, Where where) {
        @Override
        public String toString() {
            return name;
        }
    }

    enum Where {
        CALLER,
        VIRTUAL_THREAD,
        TASK_OF_ANOTHER_EXECUTOR
    }

    @FunctionalInterface
    interface Body {
        void run(StructuredExecutor executor) throws Exception;
    }

    static Stream<Config> configs() {
        return Stream.of(
                new Config("unbounded", StructuredExecutor::builder, Where.CALLER),
                new Config(
                        "maxConcurrency(3)",
                        () -> StructuredExecutor.builder().maxConcurrency(3),
                        Where.CALLER),
                new Config(
                        "named", () -> StructuredExecutor.builder().name("contract"), Where.CALLER),
                new Config(
                        "failFast",
                        () -> StructuredExecutor.builder().failFast(true),
                        Where.CALLER),
                new Config(
                        "timeout(1 min)",
                        () -> StructuredExecutor.builder().timeout(Duration.ofMinutes(1)),
                        Where.CALLER),
                new Config(
                        "opened in a virtual thread",
                        StructuredExecutor::builder,
                        Where.VIRTUAL_THREAD),
                new Config(
                        "opened in a task of another executor",
                        StructuredExecutor::builder,
                        Where.TASK_OF_ANOTHER_EXECUTOR),
                new Config(
                        "bounded child of another executor",
                        () -> StructuredExecutor.builder().maxConcurrency(2),
                        Where.TASK_OF_ANOTHER_EXECUTOR));
    }

    /** Opens the configuration's executor where it says, runs the body, rethrows what it threw. */
    private static void with(Config config, Body body) throws Exception {
        Callable<Void> test =
                () -> {
                    StructuredExecutor executor = config.builder().get().open();
                    try {
                        body.run(executor);
                    } finally {
                        executor.shutdownNow();
                        executor.close();
                    }
                    return null;
                };
        switch (config.where()) {
            case CALLER -> test.call();
            case VIRTUAL_THREAD -> runElsewhere(test, true);
            case TASK_OF_ANOTHER_EXECUTOR -> runElsewhere(test, false);
            default -> throw new IllegalStateException();
        }
    }

    private static void runElsewhere(Callable<Void> test, boolean virtualThread) throws Exception {
        Future<Void> outcome;
        StructuredExecutor outer = null;
        if (virtualThread) {
            var task = new java.util.concurrent.FutureTask<>(test);
            Thread.ofVirtual().start(task);
            outcome = task;
        } else {
            outer = StructuredExecutor.open();
            outcome = outer.submit(test);
        }
        try {
            outcome.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw (Error) e.getCause();
        } finally {
            if (outer != null) {
                outer.close();
            }
        }
    }

    private static Callable<String> blockUntilInterrupted() {
        return () -> {
            new CountDownLatch(1).await();
            return "never";
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void submit_thenGet_returnsTheResult(Config config) throws Exception {
        with(config, e -> assertThat(e.submit(() -> "result").get()).isEqualTo("result"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void invokeAll_returnsEveryFutureDone_inOrder(Config config) throws Exception {
        with(
                config,
                e -> {
                    List<Callable<Integer>> tasks = new ArrayList<>();
                    for (int i = 0; i < 20; i++) {
                        int n = i;
                        tasks.add(() -> n);
                    }
                    List<Future<Integer>> futures = e.invokeAll(tasks);
                    for (int i = 0; i < 20; i++) {
                        assertThat(futures.get(i).isDone()).isTrue();
                        assertThat(futures.get(i).get()).isEqualTo(i);
                    }
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void invokeAllTimed_cancelsWhatIsNotDoneAtTheTimeout(Config config) throws Exception {
        with(
                config,
                e -> {
                    List<Future<String>> futures =
                            e.invokeAll(
                                    List.of(() -> "quick", blockUntilInterrupted()),
                                    20,
                                    TimeUnit.MILLISECONDS);
                    assertThat(futures).allMatch(Future::isDone);
                    assertThat(futures.get(1).isCancelled()).isTrue();
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void invokeAll_interrupted_throwsAndCancelsEveryTask(Config config) throws Exception {
        with(
                config,
                e -> {
                    Thread.currentThread().interrupt();
                    assertThatThrownBy(
                                    () ->
                                            e.invokeAll(
                                                    List.of(
                                                            blockUntilInterrupted(),
                                                            blockUntilInterrupted())))
                            .isInstanceOf(InterruptedException.class);
                    e.shutdown();
                    assertThat(e.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void invokeAny_returnsTheResultOfASuccessfulTask(Config config) throws Exception {
        with(
                config,
                e ->
                        assertThat(e.invokeAny(List.of(blockUntilInterrupted(), () -> "winner")))
                                .isEqualTo("winner"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void invokeAnyTimed_nothingInTime_throwsTimeoutException(Config config) throws Exception {
        with(
                config,
                e ->
                        assertThatThrownBy(
                                        () ->
                                                e.invokeAny(
                                                        List.of(blockUntilInterrupted()),
                                                        20,
                                                        TimeUnit.MILLISECONDS))
                                .isInstanceOf(TimeoutException.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void awaitTermination_beforeShutdown_returnsFalseAtTimeout(Config config) throws Exception {
        with(
                config,
                e -> {
                    e.submit(() -> 1).get();
                    assertThat(e.awaitTermination(10, TimeUnit.MILLISECONDS)).isFalse();
                    assertThat(e.isTerminated()).isFalse();
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void shutdown_thenAwaitTermination_terminatesOnceTasksEnd(Config config) throws Exception {
        with(
                config,
                e -> {
                    CountDownLatch release = new CountDownLatch(1);
                    AtomicInteger ran = new AtomicInteger();
                    for (int i = 0; i < 10; i++) {
                        e.submit(
                                () -> {
                                    release.await();
                                    return ran.incrementAndGet();
                                });
                    }
                    e.shutdown();
                    assertThat(e.isShutdown()).isTrue();
                    assertThat(e.isTerminated()).isFalse();
                    release.countDown();
                    assertThat(e.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
                    assertThat(e.isTerminated()).isTrue();
                    assertThat(ran).hasValue(10);
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void shutdownNow_interruptsRunningTasks_andTerminates(Config config) throws Exception {
        with(
                config,
                e -> {
                    CountDownLatch started = new CountDownLatch(1);
                    Future<?> f =
                            e.submit(
                                    () -> {
                                        started.countDown();
                                        new CountDownLatch(1).await();
                                        return null;
                                    });
                    started.await();
                    e.shutdownNow();
                    assertThat(e.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
                    assertThat(f.isCancelled()).isTrue();
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void submit_afterShutdown_isRejected(Config config) throws Exception {
        with(
                config,
                e -> {
                    e.shutdown();
                    assertThatThrownBy(() -> e.submit(() -> 1))
                            .isInstanceOf(RejectedExecutionException.class);
                    assertThatThrownBy(() -> e.execute(() -> {}))
                            .isInstanceOf(RejectedExecutionException.class);
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void close_waitsForEveryTask_andIsIdempotent(Config config) throws Exception {
        with(
                config,
                e -> {
                    AtomicInteger ran = new AtomicInteger();
                    for (int i = 0; i < 50; i++) {
                        e.submit(ran::incrementAndGet);
                    }
                    e.close();
                    assertThat(ran).hasValue(50);
                    assertThat(e.isTerminated()).isTrue();
                    e.close();
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void map_yieldsEveryResultInOrder(Config config) throws Exception {
        with(
                config,
                e ->
                        assertThat(e.map(i -> i * 2, List.of(1, 2, 3, 4)).toList())
                                .containsExactly(2, 4, 6, 8));
    }
}
