package io.structex;

import java.util.concurrent.Callable;

/**
 * Wraps every task of an executor when it is submitted, in the submitting thread: the hook that
 * carries context, such as a logging MDC or a tracing span, from the submitter into the task. For
 * example, with SLF4J:
 *
 * <pre>{@code
 * TaskDecorator mdc = task -> {
 *     Map<String, String> context = MDC.getCopyOfContextMap();   // in the submitter
 *     return () -> {
 *         MDC.setContextMap(context);                             // in the task's thread
 *         try {
 *             return task.call();
 *         } finally {
 *             MDC.clear();
 *         }
 *     };
 * };
 * }</pre>
 *
 * <p>The returned callable must return what {@code task} returns and throw what it throws. If
 * {@code decorate} throws, the submit throws that exception and nothing is submitted.
 */
@FunctionalInterface
public interface TaskDecorator {

    /**
     * Wraps a task; called once per submitted task, in the submitting thread, inside {@code
     * submit}: it should not block. The callable it returns runs on the task's thread.
     *
     * @param task the task as submitted
     * @return the callable to run in its place
     */
    Callable<?> decorate(Callable<?> task);
}
