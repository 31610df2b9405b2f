package io.structex.spring;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code structex.executor.*} properties of the application's task executor.
 *
 * @param name the executor's name: its threads' names and the {@code name} tag of its metrics;
 *     default {@code application}
 * @param maxConcurrency the most tasks running at once; unset: unbounded, a new virtual thread per
 *     task
 * @param shutdownGracePeriod how long the JVM's exit waits for pending tasks before it interrupts
 *     them (see {@code StructuredExecutorBuilder.shutdownGracePeriod}); unset: structex's default
 * @param awaitTermination at context close, how long pending tasks may take to end before they are
 *     cancelled with interrupt ({@code close(Duration)}); unset: the close waits for them all
 *     ({@code close()})
 * @param failFast whether the first failed task cancels the others (see {@code
 *     StructuredExecutorBuilder.failFast}); default false: an application's tasks are independent
 * @param propagateContext whether every {@code ThreadLocal} registered with Micrometer's
 *     context-propagation follows each task, when {@code io.structex:executor-context} is on the
 *     class path; default true
 */
@ConfigurationProperties("structex.executor")
public record StructexExecutorProperties(
        @DefaultValue("application") String name,
        @Nullable Integer maxConcurrency,
        @Nullable Duration shutdownGracePeriod,
        @Nullable Duration awaitTermination,
        @DefaultValue("false") boolean failFast,
        @DefaultValue("true") boolean propagateContext) {}
