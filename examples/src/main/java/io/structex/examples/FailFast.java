package io.structex.examples;

import io.structex.ScopeFailedException;
import io.structex.StructuredExecutor;
import io.structex.TaskFuture;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A fail-fast scope: when one task fails, the others are cancelled (interrupted) at once, and
 * close() throws the failure. Without fail-fast they would run to the end for nothing.
 */
public final class FailFast {

    private FailFast() {}

    public static void main(String[] args) {
        List<TaskFuture<String>> downloads = new ArrayList<>();
        try (StructuredExecutor scope =
                StructuredExecutor.builder().name("download").failFast(true).open()) {
            for (int i = 1; i <= 4; i++) {
                int n = i;
                downloads.add(
                        scope.submit(
                                () -> {
                                    if (n == 3) {
                                        Thread.sleep(100);
                                        System.out.println("  download 3 fails after 100 ms");
                                        throw new IOException("mirror 3 unreachable");
                                    }
                                    try {
                                        Thread.sleep(10_000); // would take 10 s
                                    } catch (InterruptedException e) {
                                        System.out.println(
                                                "  download "
                                                        + n
                                                        + " interrupted: cancelled by the scope");
                                        throw e;
                                    }
                                    return "file " + n;
                                }));
            }
        } catch (ScopeFailedException e) {
            System.out.println("close() threw: " + e.getMessage());
            System.out.println("  cause: " + e.getCause());
            System.out.println(
                    "  cancellations are not failures, so nothing is suppressed: "
                            + e.getSuppressed().length
                            + " suppressed");
        }
        for (int i = 0; i < downloads.size(); i++) {
            System.out.println("download " + (i + 1) + ": " + downloads.get(i).state());
        }
        System.out.println("The scope ended in about 100 ms instead of 10 s.");
    }
}
