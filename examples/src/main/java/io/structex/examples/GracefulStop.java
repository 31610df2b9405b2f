package io.structex.examples;

import io.structex.StructuredExecutor;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ending a scope well: a background progress reporter that the end of the scope stops instead of
 * waiting for, a deadline that each task reads to size its own I/O timeout, a cleanup that a
 * cancellation cannot cut short, and {@code close(Duration)}: wait so long, then cancel what is
 * left.
 */
public final class GracefulStop {

    private GracefulStop() {}

    public static void main(String[] args) throws Exception {
        AtomicInteger exported = new AtomicInteger();
        StructuredExecutor scope =
                StructuredExecutor.builder().name("export").timeout(Duration.ofSeconds(10)).open();

        scope.submitBackground( // stopped, not waited for, once the real work has ended
                () -> {
                    try {
                        for (; ; ) {
                            Thread.sleep(100);
                            System.out.printf("  progress: %d batches exported%n", exported.get());
                        }
                    } finally {
                        System.out.println("  progress reporter stopped");
                    }
                });

        for (int batch = 1; batch <= 4; batch++) {
            int n = batch;
            scope.submit(
                    () -> {
                        Instant deadline =
                                StructuredExecutor.current()
                                        .flatMap(StructuredExecutor::deadline)
                                        .orElseThrow();
                        Duration ioTimeout = Duration.between(Instant.now(), deadline);
                        Thread.sleep(n == 4 ? 60_000 : 150L * n); // batch 4 hangs
                        exported.incrementAndGet();
                        System.out.printf(
                                "  batch %d exported (I/O timeout sized to the deadline: %d s)%n",
                                n, Math.round(ioTimeout.toMillis() / 1000.0));
                        return null;
                    });
        }
        scope.submit(
                () -> {
                    try {
                        Thread.sleep(60_000); // a transfer that will be cancelled
                        return null;
                    } finally {
                        StructuredExecutor.shielded( // runs to its end, cancelled or not
                                () -> {
                                    Thread.sleep(50); // an interrupt here would cut it short
                                    System.out.println(
                                            "  temporary file of the transfer deleted (shielded"
                                                    + " cleanup ran to its end)");
                                    return null;
                                });
                    }
                });

        boolean allInTime = scope.close(Duration.ofSeconds(1));
        System.out.printf(
                "close(1 s): every task ended in time? %s; %d of 4 batches exported; %s%n",
                allInTime, exported.get(), scope);
    }
}
