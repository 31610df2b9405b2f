package io.structex;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Wherever structex cancels everything (shutdownNow, an interrupted close, fail-fast, the timeout,
 * a parent's cancellation), every thread still running a task is interrupted: also a task whose
 * future was already cancelled with {@code cancel(false)}, whose body runs on and is still pending.
 * The JDK's executor interrupts every thread it started; so does structex. Run over every
 * configuration: unbounded, named, maxConcurrency, opened in a virtual thread, a child scope.
 */
@Timeout(60)
class CancelEverythingTest {

    enum Where {
        CALLER,
        VIRTUAL_THREAD,
        CHILD_SCOPE
    }

    record Config(String name, Supplier<StructuredExecutorBuilder> builder, Where where) {
        @Override
        public String toString() {
            return name;
        }
    }

    enum Trigger {
        SHUTDOWN_NOW,
        CLOSE_WITH_INTERRUPT_FLAG,
        CLOSE_INTERRUPTED_WHILE_WAITING,
        FAIL_FAST,
        TIMEOUT,
        PARENT_SHUTDOWN_NOW
    }

    static Stream<Arguments> cases() {
        Stream<Config> configs =
                Stream.of(
                        new Config("unbounded", StructuredExecutor::builder, Where.CALLER),
                        new Config(
                                "named",
                                () -> StructuredExecutor.builder().name("cancel-all"),
                                Where.CALLER),
                        new Config(
                                "maxConcurrency(2)",
                                () -> StructuredExecutor.builder().maxConcurrency(2),
                                Where.CALLER),
                        new Config(
                                "opened in a virtual thread",
                                StructuredExecutor::builder,
                                Where.VIRTUAL_THREAD),
                        new Config("child scope", StructuredExecutor::builder, Where.CHILD_SCOPE));
        return configs.flatMap(c -> Stream.of(Trigger.values()).map(t -> Arguments.of(c, t)));
    }

    /** The executor under test and, for a child scope, the parent holding it. */
    private record Opened(StructuredExecutor executor, StructuredExecutor parent) {}

    private static Opened open(StructuredExecutorBuilder builder, Where where) throws Exception {
        StructuredExecutor parent = StructuredExecutor.open();
        AtomicReference<StructuredExecutor> opened = new AtomicReference<>();
        switch (where) {
            case CALLER -> opened.set(builder.open());
            case VIRTUAL_THREAD ->
                    Thread.ofVirtual().start(() -> opened.set(builder.open())).join();
            case CHILD_SCOPE -> parent.submit(() -> opened.set(builder.open())).get();
        }
        return new Opened(opened.get(), parent);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cases")
    void cancelEverything_interruptsABodyWhoseFutureWasCancelledWithoutInterrupt(
            Config config, Trigger trigger) throws Exception {
        StructuredExecutorBuilder builder = config.builder().get();
        if (trigger == Trigger.FAIL_FAST) {
            builder.failFast(true);
        } else if (trigger == Trigger.TIMEOUT) {
            builder.timeout(Duration.ofMillis(500));
        }
        Opened opened =
                open(
                        builder,
                        trigger == Trigger.PARENT_SHUTDOWN_NOW
                                ? Where.CHILD_SCOPE
                                : config.where());
        StructuredExecutor executor = opened.executor();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        TaskFuture<Object> task =
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
        started.await();
        assertThat(task.cancel(false)).isTrue();
        assertThat(executor.pendingCount()).isEqualTo(1); // the body runs on

        Thread closer = null;
        switch (trigger) {
            case SHUTDOWN_NOW -> executor.shutdownNow();
            case CLOSE_WITH_INTERRUPT_FLAG ->
                    closer =
                            Thread.ofVirtual()
                                    .start(
                                            () -> {
                                                Thread.currentThread().interrupt();
                                                executor.close();
                                            });
            case CLOSE_INTERRUPTED_WHILE_WAITING -> {
                closer = Thread.ofVirtual().start(executor::close);
                while (closer.getState() != Thread.State.WAITING) {
                    Thread.onSpinWait();
                }
                closer.interrupt();
            }
            case FAIL_FAST ->
                    executor.submit(
                            () -> {
                                throw new IOException("fails fast");
                            });
            case TIMEOUT -> {} // the clock cancels everything
            case PARENT_SHUTDOWN_NOW -> opened.parent.shutdownNow();
        }

        assertThat(interrupted.await(30, TimeUnit.SECONDS))
                .as("the body of a cancel(false)ed task is interrupted by %s", trigger)
                .isTrue();
        if (closer != null) {
            closer.join();
        }
        executor.shutdownNow();
        assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(task.isCancelled()).isTrue();
        opened.parent.shutdownNow();
        assertThat(opened.parent.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
}
