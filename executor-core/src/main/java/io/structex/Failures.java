package io.structex;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * What ended a scope badly: the task failures of a fail-fast executor, in the order they were
 * recorded, and whether its timeout cancelled pending tasks. Thread-safe; the first failure is the
 * head of the queue.
 */
final class Failures {

    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private volatile boolean timedOut;

    /** Records a task failure; returns true if it was the first. */
    boolean record(Throwable failure) {
        boolean first = failures.isEmpty();
        failures.add(failure);
        return first && failures.peek() == failure;
    }

    void timedOut() {
        timedOut = true;
    }

    /** The exception close() throws, or null if the scope ended well. */
    @Nullable ScopeFailedException toException(String scope) {
        Throwable first = failures.peek();
        if (first != null) {
            ScopeFailedException e = new ScopeFailedException(
                    "a task of " + scope + " failed; the others were cancelled", first);
            failures.stream().skip(1).forEach(e::addSuppressed);
            return e;
        }
        if (timedOut) {
            return new ScopeFailedException("the timeout of " + scope + " elapsed",
                    new TimeoutException("pending tasks were cancelled"));
        }
        return null;
    }
}
