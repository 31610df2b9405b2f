package io.structex.spring;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.structex.StructuredExecutor;
import io.structex.StructuredExecutorBuilder;
import io.structex.TaskDecorator;
import io.structex.micrometer.StructuredExecutorMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

/**
 * Makes the application's task executor, the bean {@code applicationTaskExecutor} (alias {@code
 * taskExecutor}) that {@code @Async} methods, Spring MVC's asynchronous requests and {@code
 * TaskExecutor} injection use, a {@link StructuredTaskExecutor}: each task on a virtual thread,
 * pending until it ends, and the JVM's exit held until then, so a Boot application whose {@code
 * main} returns with {@code @Async} work pending finishes that work first ({@code
 * spring.main.keep-alive} not needed). Boot's own executor backs off; a bean of the user's named
 * {@code applicationTaskExecutor} makes this one back off.
 *
 * <ul>
 *   <li>Properties {@code structex.executor.*}: see {@link StructexExecutorProperties}.
 *   <li>Task decorators, composed in this order, outermost first: the context decorator of {@code
 *       io.structex:executor-context} (when it and Micrometer's context-propagation are on the
 *       class path and {@code propagate-context} is on), then every {@code io.structex
 *       .TaskDecorator} bean, then every Spring {@code org.springframework.core.task
 *       .TaskDecorator} bean, each group in its beans' order.
 *   <li>Metrics: with {@code io.structex:executor-micrometer} on the class path, a {@code
 *       MeterBinder} bean for the executor, which Boot binds to its {@code MeterRegistry} when the
 *       application has one ({@code structex_tasks_*} in {@code /actuator/prometheus}).
 *   <li>At context close the executor is closed: {@code close()}, or {@code close(Duration)} with
 *       {@code await-termination}.
 * </ul>
 */
@AutoConfiguration(before = TaskExecutionAutoConfiguration.class)
@EnableConfigurationProperties(StructexExecutorProperties.class)
public class StructexAutoConfiguration {

    /** The bean name Boot and Spring MVC look the application's executor up by. */
    public static final String APPLICATION_TASK_EXECUTOR = "applicationTaskExecutor";

    /** Creates the auto-configuration; Spring does. */
    public StructexAutoConfiguration() {}

    /**
     * The application's task executor, opened here; Spring closes it with the context ({@link
     * StructuredTaskExecutor#close()}, which blocks until the pending tasks have ended). Does not
     * block.
     *
     * @param properties {@code structex.executor.*}
     * @param decorators the application's structex task decorators
     * @param springDecorators the application's Spring task decorators
     * @return the executor, closed with the context
     */
    @Bean(
            name = {APPLICATION_TASK_EXECUTOR, "taskExecutor"},
            destroyMethod = "close")
    @ConditionalOnMissingBean(name = APPLICATION_TASK_EXECUTOR)
    public StructuredTaskExecutor applicationTaskExecutor(
            StructexExecutorProperties properties,
            ObjectProvider<TaskDecorator> decorators,
            ObjectProvider<org.springframework.core.task.TaskDecorator> springDecorators) {
        StructuredExecutorBuilder builder =
                StructuredExecutor.builder()
                        .name(properties.name())
                        .failFast(properties.failFast());
        if (properties.maxConcurrency() != null) {
            builder.maxConcurrency(properties.maxConcurrency());
        }
        if (properties.shutdownGracePeriod() != null) {
            builder.shutdownGracePeriod(properties.shutdownGracePeriod());
        }
        List<TaskDecorator> chain = new ArrayList<>();
        if (properties.propagateContext() && contextPropagationPresent()) {
            chain.add(ContextDecorator.create());
        }
        decorators.orderedStream().forEach(chain::add);
        springDecorators.orderedStream().map(SpringDecorator::new).forEach(chain::add);
        if (!chain.isEmpty()) {
            builder.taskDecorator(compose(List.copyOf(chain)));
        }
        return new StructuredTaskExecutor(builder.open(), properties.awaitTermination());
    }

    /** Outermost first: the first decorator's wrapper runs first in the task's thread. */
    static TaskDecorator compose(List<TaskDecorator> chain) {
        if (chain.size() == 1) {
            return chain.get(0);
        }
        return task -> {
            Callable<?> decorated = task;
            for (int i = chain.size() - 1; i >= 0; i--) {
                decorated = chain.get(i).decorate(decorated);
            }
            return decorated;
        };
    }

    private static boolean contextPropagationPresent() {
        ClassLoader loader = StructexAutoConfiguration.class.getClassLoader();
        return ClassUtils.isPresent("io.structex.context.ContextPropagation", loader)
                && ClassUtils.isPresent("io.micrometer.context.ContextSnapshotFactory", loader);
    }

    /** Loaded only when executor-context is present. */
    private static final class ContextDecorator {
        static TaskDecorator create() {
            return io.structex.context.ContextPropagation.decorator();
        }
    }

    /** The executor's meters, when executor-micrometer is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({MeterBinder.class, StructuredExecutorMetrics.class})
    public static class Metrics {

        /** Creates the configuration; Spring does. */
        public Metrics() {}

        /**
         * The executor's meters, as a {@code MeterBinder} that Boot binds to its registry; it binds
         * nothing when the application's executor is not structex's.
         *
         * @param executor the application's task executor, if it is structex's
         * @return the binder
         */
        @Bean
        @ConditionalOnMissingBean(name = "structexExecutorMetrics")
        public MeterBinder structexExecutorMetrics(
                ObjectProvider<StructuredTaskExecutor> executor) {
            return registry ->
                    executor.ifAvailable(
                            e ->
                                    new StructuredExecutorMetrics(e.executor(), Tags.empty())
                                            .bindTo(registry));
        }
    }
}
