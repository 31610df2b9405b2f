package io.structex;

import java.util.concurrent.CountDownLatch;

/** Small helpers for latch-synchronised tests. */
final class Latches {

    private Latches() {}

    /** Waits for the latch, ignoring interrupts (restoring the flag afterwards). */
    static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        for (; ; ) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A task body that counts down {@code started}, waits until its thread is interrupted, and
     * counts down {@code ended} in its finally block.
     */
    static java.util.concurrent.Callable<Object> untilInterrupted(
            CountDownLatch started, CountDownLatch ended) {
        return () -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } finally {
                ended.countDown();
            }
            return null;
        };
    }

    /** A task body that counts down {@code started}, then waits for {@code release}. */
    static java.util.concurrent.Callable<Object> startedThenAwait(
            CountDownLatch started, CountDownLatch release) {
        return () -> {
            started.countDown();
            release.await();
            return null;
        };
    }

    /** Spins (yielding) until the condition holds; for states with no event to wait on. */
    static void spinUntil(java.util.function.BooleanSupplier condition) {
        while (!condition.getAsBoolean()) {
            Thread.yield();
        }
    }
}
