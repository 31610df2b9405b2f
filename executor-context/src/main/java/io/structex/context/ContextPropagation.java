package io.structex.context;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.structex.TaskDecorator;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Task decorators that carry thread-local context (a logging MDC, a tracing span, a security
 * context: whatever is registered as a {@code ThreadLocalAccessor} with Micrometer's {@link
 * ContextRegistry}) from the submitting thread into each task, the library Spring and Reactor use
 * for the same job.
 *
 * {@snippet class=io.structex.context.Snippets region=decorator}
 *
 * <p>At submit, in the submitting thread, the decorator captures every registered value ({@link
 * ContextSnapshotFactory#captureAll}); in the task's thread it sets them before the task runs and,
 * when the task ends, restores what that thread held before: nothing of one task is left in a
 * thread for the next (a {@code maxConcurrency} executor's workers run many tasks one after the
 * other). A value that was not set at submit is cleared in the task ({@code clearMissing}), so a
 * task never sees a value its submitter did not have.
 *
 * <p>A child scope opened in a task does not inherit its parent's decorator: give it one too (its
 * submits then capture what the parent's decorator set in the task's thread, and so on down).
 *
 * <p><b>Memory consistency effects:</b> the values captured at submit are those the submitting
 * thread sees then; the submit happens-before the task, so the task sees them as captured. Later
 * changes in the submitting thread are not seen by the task.
 */
public final class ContextPropagation {

    private ContextPropagation() {}

    /**
     * A decorator over the global {@link ContextRegistry#getInstance()}: every accessor registered
     * there, when the decorator captures (each submit, not once). Does not block.
     *
     * @return the decorator, for {@code StructuredExecutor.builder().taskDecorator(...)}
     */
    public static TaskDecorator decorator() {
        return decorator(ContextRegistry.getInstance());
    }

    /**
     * A decorator over {@code registry}. Does not block.
     *
     * @param registry the accessors to capture and restore
     * @return the decorator
     * @throws NullPointerException if {@code registry} is null
     */
    public static TaskDecorator decorator(ContextRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        ContextSnapshotFactory factory =
                ContextSnapshotFactory.builder()
                        .contextRegistry(registry)
                        .clearMissing(true)
                        .build();
        return task -> wrap(factory.captureAll(), task);
    }

    private static <T> Callable<T> wrap(ContextSnapshot snapshot, Callable<T> task) {
        return () -> {
            ContextSnapshot.Scope scope = snapshot.setThreadLocals();
            try {
                return task.call();
            } finally {
                scope.close(); // restores what this thread held before the task
            }
        };
    }
}
