package io.structex.hazelcast;

import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * A {@link RemoteRunnable} sent as a Callable, with the result given at submit.
 *
 * @param task the task
 * @param result what call() returns
 * @param <T> the result type
 */
record RunnableCall<T extends @Nullable Object>(Runnable task, T result)
        implements Callable<T>, java.io.Serializable {

    @Override
    public T call() {
        task.run();
        return result;
    }
}
