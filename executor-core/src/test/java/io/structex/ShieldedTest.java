package io.structex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code shielded}: a cancellation's interrupt is held back while the body runs and delivered when
 * it ends; never lost, never inside the body.
 */
@Timeout(60)
class ShieldedTest {

    /** What the task saw: an interrupt inside the body; the flag right after it. */
    private record Seen(boolean interruptedInBody, boolean flagAfterBody) {}

    /**
     * Runs a task whose shielded body waits for {@code release}; {@code cancel} runs once the body
     * waits; returns what the task saw.
     */
    private static Seen cancelDuringBody(StructuredExecutor executor, Consumer<Future<Seen>> cancel)
            throws Exception {
        CountDownLatch inBody = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch seenReady = new CountDownLatch(1);
        Seen[] seen = new Seen[1];
        Future<Seen> task =
                executor.submit(
                        () -> {
                            boolean[] inside = new boolean[1];
                            try {
                                StructuredExecutor.shielded(
                                        () -> {
                                            inBody.countDown();
                                            try {
                                                release.await();
                                            } catch (InterruptedException e) {
                                                inside[0] = true;
                                            }
                                            inside[0] |= Thread.currentThread().isInterrupted();
                                            return null;
                                        });
                                seen[0] = new Seen(inside[0], Thread.interrupted());
                                return seen[0];
                            } finally {
                                seenReady.countDown();
                            }
                        });
        inBody.await();
        cancel.accept(task);
        release.countDown();
        seenReady.await();
        return seen[0];
    }

    @Test
    void shielded_cancelTrueDuringBody_deliveredAfterBody() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            Seen seen = cancelDuringBody(executor, f -> assertThat(f.cancel(true)).isTrue());
            assertThat(seen).isEqualTo(new Seen(false, true));
        }
    }

    @Test
    void shielded_shutdownNowDuringBody_deliveredAfterBody() throws Exception {
        StructuredExecutor executor = StructuredExecutor.open();
        Seen seen = cancelDuringBody(executor, f -> executor.shutdownNow());
        assertThat(seen).isEqualTo(new Seen(false, true));
        executor.close();
    }

    @Test
    void shielded_failFastDuringBody_deliveredAfterBody() throws Exception {
        StructuredExecutor executor = StructuredExecutor.builder().failFast(true).open();
        Seen seen =
                cancelDuringBody(
                        executor,
                        f -> {
                            Future<?> failing =
                                    executor.submit(
                                            () -> {
                                                throw new IOException("fails the scope");
                                            });
                            Latches.spinUntil(f::isCancelled);
                            assertThat(failing.isDone()).isTrue();
                        });
        assertThat(seen).isEqualTo(new Seen(false, true));
        assertThatThrownBy(executor::close).isInstanceOf(ScopeFailedException.class);
    }

    @Test
    void shielded_boundedWorker_deliveredAfterBody() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.builder().maxConcurrency(1).open()) {
            Seen seen = cancelDuringBody(executor, f -> f.cancel(true));
            assertThat(seen).isEqualTo(new Seen(false, true));
        }
    }

    @Test
    void shielded_futureCancelledBeforeBodyEnds() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            boolean[] cancelledInBody = new boolean[1];
            cancelDuringBody(
                    executor,
                    f -> {
                        f.cancel(true);
                        cancelledInBody[0] = f.isCancelled();
                    });
            assertThat(cancelledInBody[0]).isTrue();
        }
    }

    @Test
    void shielded_cancelledBeforeBody_flagClearedDuringAndRestoredAfter() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch cancelled = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            boolean[] seen = new boolean[3];
            Future<?> task =
                    executor.submit(
                            () -> {
                                started.countDown();
                                Latches.awaitUninterruptibly(cancelled); // the flag is set here
                                seen[0] = Thread.currentThread().isInterrupted();
                                StructuredExecutor.shielded(
                                        () -> seen[1] = Thread.currentThread().isInterrupted());
                                seen[2] = Thread.interrupted();
                                done.countDown();
                                return null;
                            });
            started.await();
            task.cancel(true);
            cancelled.countDown();
            done.await();
            assertThat(seen).containsExactly(true, false, true);
        }
    }

    @Test
    void shielded_flagSetAtEntry_clearedDuringBody_setAfter() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            boolean[] seen =
                    executor.submit(
                                    () -> {
                                        Thread.currentThread().interrupt();
                                        boolean[] s = new boolean[2];
                                        StructuredExecutor.shielded(
                                                () ->
                                                        s[0] =
                                                                Thread.currentThread()
                                                                        .isInterrupted());
                                        s[1] = Thread.interrupted();
                                        return s;
                                    })
                            .get();
            assertThat(seen).containsExactly(false, true);
        }
    }

    @Test
    void shielded_nested_innerEndDoesNotDeliver_outerEndDoes() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            CountDownLatch inInner = new CountDownLatch(1);
            CountDownLatch cancelled = new CountDownLatch(1);
            boolean[] seen = new boolean[2];
            CountDownLatch done = new CountDownLatch(1);
            Future<?> task =
                    executor.submit(
                            () -> {
                                StructuredExecutor.shielded(
                                        () -> {
                                            StructuredExecutor.shielded(
                                                    () -> {
                                                        inInner.countDown();
                                                        Latches.awaitUninterruptibly(cancelled);
                                                        return null;
                                                    });
                                            seen[0] = Thread.currentThread().isInterrupted();
                                            return null;
                                        });
                                seen[1] = Thread.interrupted();
                                done.countDown();
                                return null;
                            });
            inInner.await();
            task.cancel(true);
            cancelled.countDown();
            done.await();
            assertThat(seen).containsExactly(false, true);
        }
    }

    @Test
    void shielded_userInterrupt_isNotHeldBack() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            CountDownLatch inBody = new CountDownLatch(1);
            Thread[] thread = new Thread[1];
            Future<Boolean> task =
                    executor.submit(
                            () ->
                                    StructuredExecutor.shielded(
                                            () -> {
                                                thread[0] = Thread.currentThread();
                                                inBody.countDown();
                                                try {
                                                    new CountDownLatch(1).await();
                                                    return false;
                                                } catch (InterruptedException e) {
                                                    return true;
                                                }
                                            }));
            inBody.await();
            thread[0].interrupt(); // user code's own interrupt
            assertThat(task.get()).isTrue();
        }
    }

    @Test
    void shielded_bodyThrows_exceptionUnchanged_interruptStillDelivered() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            IOException thrown = new IOException("cleanup failed");
            CountDownLatch inBody = new CountDownLatch(1);
            CountDownLatch cancelled = new CountDownLatch(1);
            Object[] seen = new Object[2];
            CountDownLatch done = new CountDownLatch(1);
            Future<?> task =
                    executor.submit(
                            () -> {
                                try {
                                    StructuredExecutor.shielded(
                                            () -> {
                                                inBody.countDown();
                                                Latches.awaitUninterruptibly(cancelled);
                                                throw thrown;
                                            });
                                } catch (IOException e) {
                                    seen[0] = e;
                                }
                                seen[1] = Thread.interrupted();
                                done.countDown();
                                return null;
                            });
            inBody.await();
            task.cancel(true);
            cancelled.countDown();
            done.await();
            assertThat(seen[0]).isSameAs(thrown);
            assertThat(seen[1]).isEqualTo(true);
        }
    }

    @Test
    void shielded_outsideTask_justRunsBody() throws Exception {
        assertThat(StructuredExecutor.shielded(() -> "value")).isEqualTo("value");
        IOException thrown = new IOException("x");
        assertThatThrownBy(
                        () ->
                                StructuredExecutor.shielded(
                                        () -> {
                                            throw thrown;
                                        }))
                .isSameAs(thrown);
    }

    @Test
    void shielded_null_throwsNullPointer() {
        assertThatThrownBy(() -> StructuredExecutor.shielded(null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void shielded_closeWithGraceDuringBody_cleanupRunsToItsEnd() throws Exception {
        StructuredExecutor executor = StructuredExecutor.open();
        CountDownLatch inBody = new CountDownLatch(1);
        CountDownLatch cleanupDone = new CountDownLatch(1);
        executor.submit(
                () ->
                        StructuredExecutor.shielded(
                                () -> {
                                    inBody.countDown();
                                    for (int i = 0; i < 3; i++) {
                                        Thread.sleep(5); // an interrupt here would throw
                                    }
                                    cleanupDone.countDown();
                                    return null;
                                }));
        inBody.await();
        assertThat(executor.close(Duration.ZERO)).isFalse();
        assertThat(cleanupDone.getCount()).isZero();
    }
}
