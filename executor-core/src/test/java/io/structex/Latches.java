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

    /** Spins (yielding) until the condition holds; for states with no event to wait on. */
    static void spinUntil(java.util.function.BooleanSupplier condition) {
        while (!condition.getAsBoolean()) {
            Thread.yield();
        }
    }
}
