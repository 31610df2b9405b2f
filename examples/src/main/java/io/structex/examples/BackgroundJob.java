package io.structex.examples;

import io.structex.StructuredExecutor;
import java.time.Duration;
import java.time.Instant;

/**
 * Python's promise that the JDK does not keep: {@code shutdown(wait=False)} returns at once, main
 * ends, and the program still waits for the pending work before it exits. With the JDK's
 * virtual-thread executor the same program would exit at the end of main and lose the work (virtual
 * threads are daemon threads).
 */
public final class BackgroundJob {

    private BackgroundJob() {}

    public static void main(String[] args) {
        Instant start = Instant.now();
        StructuredExecutor jobs = StructuredExecutor.builder().name("job").open();
        for (int i = 1; i <= 3; i++) {
            int n = i;
            jobs.submit(
                    () -> {
                        Thread.sleep(300L * n);
                        System.out.printf(
                                "  %s: report %d written after %d ms (main has returned)%n",
                                Thread.currentThread().getName(),
                                n,
                                Duration.between(start, Instant.now()).toMillis());
                        return null;
                    });
        }
        jobs.shutdown(false); // Python's shutdown(wait=False): returns at once
        System.out.println(
                "main: submitted 3 background jobs, called shutdown(false), returning now.");
        System.out.println("main: the JVM will wait for the jobs: " + jobs);
    }
}
