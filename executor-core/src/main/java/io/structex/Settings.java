package io.structex;

import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link StructuredExecutorBuilder} collected, immutable: the executor reads it once, in its
 * constructor. The timeout is not here: its clock starts when the executor is whole.
 *
 * @param name the executor's name, or null
 * @param shutdownGracePeriod how long pending tasks may run once the JVM is asked to exit
 * @param maxConcurrency the most tasks that run at once, or 0 for unbounded
 * @param failFast whether the first failure cancels the rest
 * @param inheritInheritableThreadLocals whether task threads inherit them
 * @param decorator the task decorator, or null
 * @param threadFactory the custom thread factory, or null for structex's own
 * @param holdsJvmExit whether pending tasks hold the JVM; null: as the parent, else true
 */
record Settings(
        @Nullable String name,
        Duration shutdownGracePeriod,
        int maxConcurrency,
        boolean failFast,
        boolean inheritInheritableThreadLocals,
        @Nullable TaskDecorator decorator,
        @Nullable ThreadFactory threadFactory,
        @Nullable Boolean holdsJvmExit) {}
