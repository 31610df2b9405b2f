package io.structex.hazelcast;

import io.structex.TaskFunction;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * One item of a {@link ClusterExecutor#map}: the function and its item, sent together.
 *
 * @param fn the function
 * @param item the item
 * @param <T> the item type
 * @param <R> the result type
 */
record FunctionCall<T extends @Nullable Object, R extends @Nullable Object>(
        TaskFunction<? super T, ? extends R> fn, T item)
        implements Callable<R>, java.io.Serializable {

    @Override
    public R call() throws Exception {
        return fn.apply(item);
    }
}
