package io.structex;

/** When {@link Futures#wait} returns: Python's {@code return_when} constants. */
public enum ReturnWhen {
    /** When any future is done (completed, failed or cancelled), or the timeout passes. */
    FIRST_COMPLETED,
    /**
     * When any future fails (completes with an exception), or every future is done, or the timeout
     * passes. A cancelled future counts as done, not as failed, as in Python.
     */
    FIRST_EXCEPTION,
    /** When every future is done, or the timeout passes. */
    ALL_COMPLETED
}
