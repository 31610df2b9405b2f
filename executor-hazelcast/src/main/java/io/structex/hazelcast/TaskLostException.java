package io.structex.hazelcast;

/**
 * The member running a task left the cluster (it was killed, crashed, or the connection to it was
 * lost) before the task ended, and no retry was left: the cause of the {@link
 * java.util.concurrent.ExecutionException} that the task's future throws. Its message names the
 * member and every attempt made; its cause is Hazelcast's own exception for the last attempt.
 * Whether the task ran partly on the lost member cannot be known: retry only idempotent tasks
 * ({@link ClusterExecutor.Builder#retries(int)}).
 */
public final class TaskLostException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** How many times the task was sent. */
    private final int attempts;

    /**
     * Creates the exception.
     *
     * @param message what was lost, where, and the attempts made
     * @param attempts how many times the task was sent
     * @param cause Hazelcast's exception for the last attempt
     */
    public TaskLostException(String message, int attempts, Throwable cause) {
        super(message, cause);
        this.attempts = attempts;
    }

    /**
     * Returns how many times the task was sent to a member, the first time included.
     *
     * @return the attempts made, at least 1
     */
    public int attempts() {
        return attempts;
    }
}
