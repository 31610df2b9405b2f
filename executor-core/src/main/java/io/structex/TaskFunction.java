package io.structex;

import org.jspecify.annotations.Nullable;

/**
 * A function that may throw, applied to each item by {@link StructuredExecutor#map}.
 *
 * @param <T> the item type
 * @param <R> the result type
 */
@FunctionalInterface
public interface TaskFunction<T extends @Nullable Object, R extends @Nullable Object> {

    /**
     * Applies this function to one item, on the task's own virtual thread, where blocking is fine.
     * The task's cancellation interrupts that thread.
     *
     * @param item the item
     * @return the result
     * @throws Exception if the function fails; {@code map}'s stream then throws {@link
     *     java.util.concurrent.CompletionException} with it as the cause
     */
    R apply(T item) throws Exception;
}
