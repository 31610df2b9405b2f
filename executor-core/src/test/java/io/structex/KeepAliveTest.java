package io.structex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class KeepAliveTest {

    private static Thread keeperThread() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("structex-keepalive"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no keeper thread"));
    }

    @Test
    void pendingTask_keeperIsANonDaemonPlatformThread() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            Thread.ofVirtual()
                    .start(
                            () ->
                                    executor.submit(
                                            () -> { // from a virtual thread too
                                                release.await();
                                                return null;
                                            }))
                    .join();
            Thread keeper = keeperThread();
            assertThat(keeper.isDaemon()).isFalse();
            assertThat(keeper.isVirtual()).isFalse();
            assertThat(KeepAlive.HOLDING.active()).contains(executor);
            release.countDown();
        }
    }

    @Test
    void lastTaskEnds_keeperThreadLeaves() throws Exception {
        Thread keeper;
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            CountDownLatch release = new CountDownLatch(1);
            executor.submit(
                    () -> {
                        release.await();
                        return null;
                    });
            keeper = keeperThread();
            release.countDown();
        }
        keeper.join(); // the test's timeout fails a keeper that never leaves
        assertThat(KeepAlive.HOLDING.keeperRunning()).isFalse();
    }

    /**
     * The keeper is not paid per task: a keeper may leave during a stall of the loop (the machine
     * is noisy) and a new one start, but never one per iteration.
     */
    @Test
    void submitGetLoop_doesNotStartAKeeperPerTask() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            int startsBefore = KeepAlive.HOLDING.keeperStarts();
            for (int i = 0; i < 10_000; i++) {
                executor.submit(() -> 1).get();
            }
            assertThat(KeepAlive.HOLDING.keeperStarts() - startsBefore).isLessThan(100);
        }
    }

    /**
     * An executor never shut down has no exit that sees its pending count reach zero (the count is
     * striped); the keeper finds it idle at its next look and lets it go.
     */
    @Test
    void lastTaskEnds_executorNeverShutDown_keeperDeregistersIt() throws Exception {
        StructuredExecutor executor = StructuredExecutor.open();
        executor.submit(() -> 1).get();
        Latches.spinUntil(
                () ->
                        !contains(
                                KeepAlive.HOLDING.active(),
                                executor)); // the test's timeout bounds it
        assertThat(executor.pendingCount()).isZero();
        assertThat(executor.isShutdown()).isFalse();
        executor.submit(() -> 2).get(); // and it registers again when it gets work
        executor.close();
        assertThat(contains(KeepAlive.HOLDING.active(), executor)).isFalse();
    }

    /** After a shutdown, the last exit itself lets go: no wait for the keeper's next look. */
    @Test
    void shutdownThenLastTaskEnds_executorDeregistersAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        StructuredExecutor executor = StructuredExecutor.open();
        executor.submit(
                () -> {
                    release.await();
                    return null;
                });
        executor.shutdown(false);
        release.countDown();
        assertThat(executor.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(contains(KeepAlive.HOLDING.active(), executor)).isFalse();
    }

    private static boolean contains(Iterable<StructuredExecutor> executors, StructuredExecutor e) {
        for (StructuredExecutor x : executors) {
            if (x == e) {
                return true;
            }
        }
        return false;
    }
}
