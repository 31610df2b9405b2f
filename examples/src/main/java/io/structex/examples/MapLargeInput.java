package io.structex.examples;

import io.structex.MapOptions;
import io.structex.StructuredExecutor;
import java.lang.management.ManagementFactory;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * {@code map} with {@code bufferSize} over an unbounded input: only a bounded number of tasks are
 * in flight, so memory stays constant however long the input runs (Python 3.14's buffersize).
 */
public final class MapLargeInput {

    private MapLargeInput() {}

    /** An endless input: the natural numbers. */
    private static Iterable<Long> naturals() {
        return () ->
                new Iterator<>() {
                    private long next = 1;

                    @Override
                    public boolean hasNext() {
                        return true;
                    }

                    @Override
                    public Long next() {
                        return next++;
                    }
                };
    }

    public static void main(String[] args) {
        long items = 1_000_000;
        System.out.println(
                "Squaring an endless stream of numbers, 256 tasks in flight at most; "
                        + "taking the first "
                        + items
                        + " results.");
        long sum = 0;
        long seen = 0;
        try (StructuredExecutor executor = StructuredExecutor.open();
                Stream<Long> squares =
                        executor.map(
                                n -> n * n, naturals(), MapOptions.defaults().bufferSize(256))) {
            Iterator<Long> results = squares.iterator();
            while (seen < items) {
                sum += results.next();
                seen++;
                if (seen % 250_000 == 0) {
                    System.out.printf(
                            "  %,d results, heap after GC %d MB, tasks pending %d%n",
                            seen, usedHeapAfterGcMb(), executor.pendingCount());
                }
            }
        } // closing the stream cancels the tasks still in flight
        System.out.printf(
                "Sum of the first %,d squares: %,d (constant memory throughout)%n", items, sum);
    }

    private static long usedHeapAfterGcMb() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    }
}
