package io.structex;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Options of {@link StructuredExecutor#map(TaskFunction, Iterable, MapOptions)}: Python's {@code
 * timeout} and {@code buffersize}. Immutable and thread-safe: each method returns a new instance;
 * none blocks.
 */
public final class MapOptions {

    private static final MapOptions DEFAULTS = new MapOptions(null, 0);

    private final @Nullable Duration timeout; // null: none
    private final int bufferSize; // 0: submit every item inside map()

    private MapOptions(@Nullable Duration timeout, int bufferSize) {
        this.timeout = timeout;
        this.bufferSize = bufferSize;
    }

    /**
     * Returns the defaults: no timeout, and every item submitted inside the {@code map} call.
     *
     * @return the default options
     */
    public static MapOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Returns these options with a deadline, counted from the {@code map} call. When it passes
     * before the stream has yielded every result, the stream throws {@link
     * java.util.concurrent.CompletionException} with a {@link
     * java.util.concurrent.TimeoutException} cause and the remaining tasks are cancelled.
     *
     * @param timeout the time allowed, zero or positive
     * @return new options with this timeout
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public MapOptions timeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("negative timeout: " + timeout);
        }
        return new MapOptions(timeout, bufferSize);
    }

    /**
     * Returns these options with a bound on the tasks submitted ahead of the consumer (what Python
     * 3.14 calls buffersize): {@code map} submits the first {@code bufferSize} items, then one more
     * each time the stream yields a result, so an unbounded {@code Iterable} is processed in
     * constant memory. The input is then read by the thread consuming the stream.
     *
     * @param bufferSize how many tasks may be submitted ahead, at least 1
     * @return new options with this buffer size
     * @throws IllegalArgumentException if {@code bufferSize < 1}
     */
    public MapOptions bufferSize(int bufferSize) {
        if (bufferSize < 1) {
            throw new IllegalArgumentException("bufferSize must be at least 1: " + bufferSize);
        }
        return new MapOptions(timeout, bufferSize);
    }

    @Nullable Duration timeout() {
        return timeout;
    }

    int bufferSize() {
        return bufferSize;
    }

    /**
     * Returns a description of these options.
     *
     * @return for example {@code MapOptions[timeout=PT5S, bufferSize=100]}
     */
    @Override
    public String toString() {
        return "MapOptions[timeout="
                + (timeout == null ? "none" : timeout)
                + ", bufferSize="
                + (bufferSize == 0 ? "unbounded" : bufferSize)
                + "]";
    }
}
