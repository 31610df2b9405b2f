package io.structex;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The two sets that {@link Futures#wait} returns: Python's {@code (done, not_done)} named tuple.
 * Both are unmodifiable, in the order the futures were given.
 *
 * @param done the futures that were done when {@code wait} returned (cancelled ones included)
 * @param notDone the others
 * @param <F> the future type
 */
public record DoneAndNotDone<F>(Set<F> done, Set<F> notDone) {

    /**
     * Copies both sets, unmodifiable, keeping their order.
     *
     * @param done the done futures
     * @param notDone the others
     * @throws NullPointerException if a set or an element is null
     */
    public DoneAndNotDone {
        done =
                Collections.unmodifiableSet(
                        new LinkedHashSet<>(Objects.requireNonNull(done, "done")));
        notDone =
                Collections.unmodifiableSet(
                        new LinkedHashSet<>(Objects.requireNonNull(notDone, "notDone")));
        done.forEach(f -> Objects.requireNonNull(f, "a done future is null"));
        notDone.forEach(f -> Objects.requireNonNull(f, "a not-done future is null"));
    }
}
