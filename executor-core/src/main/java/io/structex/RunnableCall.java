package io.structex;

import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/** A {@link Runnable} seen as a {@link Callable} that returns a fixed result. */
record RunnableCall<T extends @Nullable Object>(Runnable task, T result) implements Callable<T> {

    @Override
    public T call() {
        task.run();
        return result;
    }
}
