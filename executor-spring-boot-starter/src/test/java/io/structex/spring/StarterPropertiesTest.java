package io.structex.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import io.structex.StructuredExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

/** The properties and the wiring, each in a real application context of its own. */
@Timeout(60)
class StarterPropertiesTest {

    private final ApplicationContextRunner contexts =
            new ApplicationContextRunner()
                    .withConfiguration(
                            AutoConfigurations.of(
                                    StructexAutoConfiguration.class,
                                    TaskExecutionAutoConfiguration.class));

    /** A task body that counts down {@code started}, then waits until it is interrupted. */
    private static Callable<Object> untilInterrupted(CountDownLatch started) {
        return () -> {
            started.countDown();
            new CountDownLatch(1).await();
            return null;
        };
    }

    private static StructuredExecutor executorOf(
            org.springframework.context.ApplicationContext context) {
        return context.getBean(StructuredTaskExecutor.class).executor();
    }

    @Test
    void defaults_oneUnboundedExecutorNamedApplication_bootsOwnBacksOff() {
        contexts.run(
                context -> {
                    assertThat(context).hasSingleBean(Executor.class);
                    assertThat(context.getBean("applicationTaskExecutor"))
                            .isSameAs(context.getBean("taskExecutor"))
                            .isInstanceOf(StructuredTaskExecutor.class);
                    assertThat(executorOf(context).name()).isEqualTo("application");
                });
    }

    @Test
    void maxConcurrency_boundsTheTasksRunningAtOnce() {
        contexts.withPropertyValues("structex.executor.max-concurrency=2")
                .run(
                        context -> {
                            StructuredTaskExecutor executor =
                                    context.getBean(StructuredTaskExecutor.class);
                            CountDownLatch started = new CountDownLatch(2);
                            CountDownLatch release = new CountDownLatch(1);
                            for (int i = 0; i < 5; i++) {
                                executor.execute(
                                        () -> {
                                            started.countDown();
                                            try {
                                                release.await();
                                            } catch (InterruptedException e) {
                                                Thread.currentThread().interrupt();
                                            }
                                        });
                            }
                            started.await();
                            assertThat(executor.executor().stats().running()).isEqualTo(2);
                            assertThat(executor.executor().stats().waiting()).isEqualTo(3);
                            release.countDown();
                        });
    }

    @Test
    void awaitTermination_atContextClose_cancelsWhatIsStillPendingThen() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Future<?>[] blocked = new Future<?>[1];
        StructuredExecutor[] executor = new StructuredExecutor[1];
        contexts.withPropertyValues("structex.executor.await-termination=50ms")
                .run(
                        context -> {
                            executor[0] = executorOf(context);
                            blocked[0] =
                                    context.getBean(StructuredTaskExecutor.class)
                                            .submit(untilInterrupted(started));
                            started.await();
                        }); // the context closes here
        assertThat(executor[0].isTerminated()).isTrue();
        assertThat(blocked[0].isCancelled()).isTrue();
    }

    @Test
    void withoutAwaitTermination_contextCloseWaitsForThePendingTasks() {
        CountDownLatch release = new CountDownLatch(1);
        Future<?>[] pending = new Future<?>[1];
        contexts.run(
                context -> {
                    pending[0] =
                            context.getBean(StructuredTaskExecutor.class)
                                    .submit(
                                            () -> {
                                                release.await();
                                                return "done";
                                            });
                    // released once the context's close has begun: only a close that waits
                    // finds it done when the context is closed
                    StructuredExecutor executor = executorOf(context);
                    Thread.ofVirtual()
                            .start(
                                    () -> {
                                        while (!executor.isShutdown()) {
                                            Thread.onSpinWait();
                                        }
                                        release.countDown();
                                    });
                });
        assertThat(pending[0].state()).isEqualTo(Future.State.SUCCESS);
    }

    @Test
    void failFast_aFailedTaskCancelsTheOthers() {
        contexts.withPropertyValues("structex.executor.fail-fast=true")
                .run(
                        context -> {
                            StructuredTaskExecutor executor =
                                    context.getBean(StructuredTaskExecutor.class);
                            CountDownLatch started = new CountDownLatch(1);
                            Future<?> blocked = executor.submit(untilInterrupted(started));
                            started.await();
                            executor.submit(
                                    () -> {
                                        throw new IllegalStateException("fails on purpose");
                                    });
                            assertThatThrownBy(blocked::get)
                                    .isInstanceOf(CancellationException.class);
                        });
    }

    @Test
    void contextPropagation_present_mdcFollowsTheTask() {
        ContextRegistry.getInstance().registerThreadLocalAccessor(new Slf4jThreadLocalAccessor());
        contexts.run(
                context -> {
                    MDC.put("request", "r-9");
                    try {
                        assertThat(
                                        context.getBean(StructuredTaskExecutor.class)
                                                .submit(() -> MDC.get("request"))
                                                .get())
                                .isEqualTo("r-9");
                    } finally {
                        MDC.clear();
                    }
                });
    }

    @Test
    void propagateContextOff_mdcDoesNotFollow() {
        ContextRegistry.getInstance().registerThreadLocalAccessor(new Slf4jThreadLocalAccessor());
        contexts.withPropertyValues("structex.executor.propagate-context=false")
                .run(
                        context -> {
                            MDC.put("request", "r-10");
                            try {
                                assertThat(
                                                context.getBean(StructuredTaskExecutor.class)
                                                        .submit(() -> MDC.get("request"))
                                                        .get())
                                        .isNull();
                            } finally {
                                MDC.clear();
                            }
                        });
    }

    @Test
    void usersOwnApplicationTaskExecutor_starterBacksOff() {
        contexts.withBean(
                        "applicationTaskExecutor",
                        SimpleAsyncTaskExecutor.class,
                        SimpleAsyncTaskExecutor::new)
                .run(
                        context -> {
                            assertThat(context).doesNotHaveBean(StructuredTaskExecutor.class);
                            assertThat(context.getBean("applicationTaskExecutor"))
                                    .isInstanceOf(SimpleAsyncTaskExecutor.class);
                        });
    }

    @Test
    void afterContextClose_submitIsRejectedTheSpringWay() {
        StructuredTaskExecutor[] executor = new StructuredTaskExecutor[1];
        contexts.run(context -> executor[0] = context.getBean(StructuredTaskExecutor.class));
        assertThatThrownBy(() -> executor[0].execute(() -> {}))
                .isInstanceOf(org.springframework.core.task.TaskRejectedException.class)
                .hasMessageContaining("shutdown");
    }
}
