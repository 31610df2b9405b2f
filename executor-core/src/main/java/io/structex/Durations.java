package io.structex;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Durations in messages, as a person writes them: "150 ms", "2.5 s", "1 min", "1.5 h". The largest
 * unit in which the value is at least 1, with at most one decimal (dropped when it is 0).
 */
final class Durations {

    private static final long[] UNIT_NANOS = {
        1L,
        1_000L,
        1_000_000L,
        1_000_000_000L,
        60_000_000_000L,
        3_600_000_000_000L,
        86_400_000_000_000L,
    };
    private static final String[] UNIT_NAMES = {"ns", "µs", "ms", "s", "min", "h", "d"};

    private Durations() {}

    /** Formats {@code amount} of {@code unit} (saturating at Long.MAX_VALUE nanoseconds). */
    static String format(long amount, TimeUnit unit) {
        return format(unit.toNanos(amount));
    }

    /** Formats a duration in nanoseconds; a negative one as zero. */
    static String format(long nanos) {
        if (nanos <= 0L) {
            return "0 s";
        }
        int u = UNIT_NANOS.length - 1;
        while (u > 0 && nanos < UNIT_NANOS[u]) {
            u--;
        }
        long whole = nanos / UNIT_NANOS[u];
        long tenth = (nanos % UNIT_NANOS[u]) * 10 / UNIT_NANOS[u];
        String value =
                tenth == 0
                        ? Long.toString(whole)
                        : String.format(Locale.ROOT, "%d.%d", whole, tenth);
        return value + " " + UNIT_NAMES[u];
    }
}
