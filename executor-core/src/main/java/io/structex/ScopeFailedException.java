package io.structex;

import java.io.Serial;

/**
 * Thrown by {@link StructuredExecutor#close()} (and {@code shutdown(true)}) when the scope ended
 * badly: a task failed in a {@linkplain StructuredExecutorBuilder#failFast fail-fast} executor, or
 * the executor's {@linkplain StructuredExecutorBuilder#timeout timeout} elapsed with tasks pending.
 *
 * <p>The {@linkplain #getCause() cause} is the first task failure, or a {@link
 * java.util.concurrent.TimeoutException} for a timeout. With fail-fast, the failures of other tasks
 * that failed on their own before they could be cancelled are {@linkplain #getSuppressed()
 * suppressed} exceptions of this one; tasks cancelled by the scope are not failures and do not
 * appear.
 */
public final class ScopeFailedException extends RuntimeException {

    @Serial private static final long serialVersionUID = 1L;

    ScopeFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
