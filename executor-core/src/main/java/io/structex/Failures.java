package io.structex;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * What ended a scope badly: the task failures of a fail-fast executor, in the order they were
 * recorded, and whether its timeout cancelled pending tasks. Thread-safe; the first failure is the
 * head of the queue. Its messages say enough for a log line alone: which failure, on which thread;
 * how long the timeout was and what was pending.
 */
final class Failures {

    /** How many pending tasks a timeout's message names. */
    static final int NAMED_TASKS = 5;

    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    // Written once, by the thread that recorded the first failure; read by close() (toException).
    private volatile @Nullable String firstThread;
    // Written once, by the timeout's clock if it cancelled pending tasks; read by close().
    private volatile @Nullable String timeout;

    /**
     * Records a task failure, on the thread that ran the task; returns true if it was the first.
     */
    boolean record(Throwable failure, Thread thread) {
        boolean first = failures.isEmpty();
        failures.add(failure);
        if (first && failures.peek() == failure) {
            firstThread = thread.getName().isEmpty() ? thread.toString() : thread.getName();
            return true;
        }
        return false;
    }

    /** The timeout elapsed with {@code pending} tasks, the first of them on these threads. */
    void timedOut(long timeoutNanos, int pending, List<String> threads) {
        String named =
                pending == 0
                        ? "tasks of child scopes pending"
                        : pending
                                + " task(s) pending"
                                + (threads.isEmpty()
                                        ? ""
                                        : ": "
                                                + threads
                                                + (pending > threads.size() ? " and more" : ""));
        timeout =
                "("
                        + Durations.format(timeoutNanos)
                        + ") elapsed with "
                        + named
                        + "; they were cancelled";
    }

    /** The exception close() throws, or null if the scope ended well. */
    @Nullable ScopeFailedException toException(String scope) {
        Throwable first = failures.peek();
        if (first != null) {
            String thread = firstThread;
            ScopeFailedException e =
                    new ScopeFailedException(
                            "a task of "
                                    + scope
                                    + " failed with "
                                    + first
                                    + (thread == null ? "" : " on thread " + thread)
                                    + "; the others were cancelled",
                            first);
            failures.stream().skip(1).forEach(e::addSuppressed);
            return e;
        }
        String elapsed = timeout;
        if (elapsed != null) {
            return new ScopeFailedException(
                    "the timeout of " + scope + " " + elapsed,
                    new TimeoutException("the timeout " + elapsed));
        }
        return null;
    }
}
