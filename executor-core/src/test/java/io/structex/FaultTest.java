package io.structex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Faults: tasks that throw Errors, broken thread factories, interrupted submitters. */
@Timeout(60)
class FaultTest {

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    @Test
    void taskWithStackOverflow_failsItsFuture_executorCarriesOn() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            TaskFuture<Integer> f = executor.submit(() -> recurse(0));
            assertThatThrownBy(f::get)
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(StackOverflowError.class);
            assertThat(executor.submit(() -> "still works").get()).isEqualTo("still works");
        }
    }

    @Test
    void taskThrowingOutOfMemoryError_failsItsFuture_executorCarriesOn() throws Exception {
        StructuredExecutor executor = StructuredExecutor.open();
        try (executor) {
            TaskFuture<Object> f =
                    executor.submit(
                            () -> {
                                throw new OutOfMemoryError("thrown by the task");
                            });
            assertThatThrownBy(f::get).cause().isInstanceOf(OutOfMemoryError.class);
            assertThat(executor.submit(() -> 1).get()).isEqualTo(1);
        }
        // Not before close(): a task is pending until its thread has finished, a moment after
        // get() returns (this assertion, made inside the block, failed now and then).
        assertThat(executor.pendingCount()).isZero();
        assertThat(executor.stats().failed()).isEqualTo(1);
    }

    @Test
    void threadFactoryThatThrows_submitIsRejected_nothingLeftPending() {
        ThreadFactory broken =
                r -> {
                    throw new IllegalStateException("no threads today");
                };
        try (StructuredExecutor executor =
                StructuredExecutor.builder().threadFactory(broken).open()) {
            assertThatThrownBy(() -> executor.submit(() -> 1))
                    .isInstanceOf(RejectedExecutionException.class)
                    .hasRootCauseMessage("no threads today");
            assertThat(executor.pendingCount()).isZero();
            assertThat(executor.isShutdown()).isFalse();
        }
    }

    @Test
    void threadFactoryReturningNull_submitIsRejected_nothingLeftPending() {
        try (StructuredExecutor executor =
                StructuredExecutor.builder().threadFactory(r -> null).open()) {
            assertThatThrownBy(() -> executor.submit(() -> 1))
                    .isInstanceOf(RejectedExecutionException.class);
            assertThat(executor.pendingCount()).isZero();
        }
    }

    @Test
    void threadFactoryThatThrows_inBoundedMode_failsTheFuture_nothingLeftPending() {
        ThreadFactory broken =
                r -> {
                    throw new IllegalStateException("no threads today");
                };
        StructuredExecutor executor =
                StructuredExecutor.builder().maxConcurrency(2).threadFactory(broken).open();
        try (executor) {
            TaskFuture<Integer> f = executor.submit(() -> 1);
            assertThatThrownBy(f::get).cause().isInstanceOf(RejectedExecutionException.class);
        }
        // After close(): the future fails a moment before the task stops being pending.
        assertThat(executor.pendingCount()).isZero();
    }

    @Test
    void threadFactoryFailingNowAndThen_everyTaskRunsOrIsRejected_nothingLeaks() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ThreadFactory flaky =
                r -> {
                    if (calls.incrementAndGet() % 3 == 0) {
                        throw new IllegalStateException("every third thread fails");
                    }
                    return Thread.ofVirtual().unstarted(r);
                };
        AtomicInteger ran = new AtomicInteger();
        int accepted = 0;
        try (StructuredExecutor executor =
                StructuredExecutor.builder().threadFactory(flaky).open()) {
            for (int i = 0; i < 300; i++) {
                try {
                    executor.submit(ran::incrementAndGet);
                    accepted++;
                } catch (RejectedExecutionException e) {
                    // counted by the difference below
                }
            }
        }
        assertThat(ran).hasValue(accepted);
        assertThat(accepted).isEqualTo(200);
    }

    @Test
    void executedTaskWhoseUncaughtHandlerThrows_inBoundedMode_theWaitingTaskStillRuns()
            throws Exception {
        // execute() hands a task's failure to its thread's handler; this one throws, so the
        // worker's thread ends with it: its slot must go to a new worker, not with the thread.
        ThreadFactory throwingHandler =
                Thread.ofVirtual()
                        .uncaughtExceptionHandler(
                                (t, e) -> {
                                    throw new IllegalStateException("the handler fails too");
                                })
                        .factory();
        CountDownLatch nextQueued = new CountDownLatch(1);
        try (StructuredExecutor executor =
                StructuredExecutor.builder()
                        .maxConcurrency(1)
                        .threadFactory(throwingHandler)
                        .open()) {
            executor.execute(
                    () -> {
                        Latches.awaitUninterruptibly(nextQueued);
                        throw new IllegalArgumentException("the task fails");
                    });
            TaskFuture<String> next = executor.submit(() -> "ran");
            nextQueued.countDown();
            assertThat(next.get(30, TimeUnit.SECONDS)).isEqualTo("ran");
        }
    }

    @Test
    void executedTaskWhoseUncaughtHandlerThrows_isStillCountedAsEnded() {
        ThreadFactory throwingHandler =
                Thread.ofVirtual()
                        .uncaughtExceptionHandler(
                                (t, e) -> {
                                    throw new IllegalStateException("the handler fails too");
                                })
                        .factory();
        StructuredExecutor executor =
                StructuredExecutor.builder().threadFactory(throwingHandler).open();
        executor.execute(
                () -> {
                    throw new IllegalArgumentException("the task fails");
                });
        executor.close(); // returns once the task's end was counted
        assertThat(executor.isTerminated()).isTrue();
        assertThat(executor.stats().failed()).isEqualTo(1);
    }

    @Test
    void threadFactory_null_throwsAtTheCall() {
        assertThatThrownBy(() -> StructuredExecutor.builder().threadFactory(null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void submitterWithInterruptFlagSet_submitSucceeds_andTheFlagIsKept() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            Thread.currentThread().interrupt();
            TaskFuture<Integer> f = executor.submit(() -> 1);
            assertThat(Thread.interrupted()).isTrue(); // submit neither blocks nor clears the flag
            assertThat(f.get()).isEqualTo(1);
        }
    }

    @Test
    void submittersInterruptedMidSubmit_noTaskLostNorDuplicated() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            Thread[] submitters = new Thread[4];
            for (int s = 0; s < submitters.length; s++) {
                submitters[s] =
                        Thread.ofPlatform()
                                .start(
                                        () -> {
                                            for (int i = 0; i < 5_000; i++) {
                                                executor.submit(ran::incrementAndGet);
                                                accepted.incrementAndGet();
                                            }
                                        });
            }
            for (int round = 0; round < 100; round++) {
                for (Thread t : submitters) {
                    t.interrupt();
                }
            }
            for (Thread t : submitters) {
                t.join();
            }
        }
        assertThat(ran.get()).isEqualTo(accepted.get()).isEqualTo(20_000);
    }

    /**
     * A task that ignores interrupts: close() after an interrupt keeps waiting for it (documented).
     */
    @Test
    void taskIgnoringInterrupts_interruptedCloseStillWaitsForIt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch mayEnd = new CountDownLatch(1);
        AtomicBoolean endedBeforeCloseReturned = new AtomicBoolean();
        AtomicBoolean ended = new AtomicBoolean();
        StructuredExecutor executor = StructuredExecutor.open();
        executor.submit(
                () -> {
                    started.countDown();
                    Latches.awaitUninterruptibly(mayEnd);
                    ended.set(true);
                });
        started.await();
        Thread closer =
                Thread.ofPlatform()
                        .start(
                                () -> {
                                    executor.close();
                                    endedBeforeCloseReturned.set(ended.get());
                                });
        Latches.spinUntil(executor::isShutdown);
        closer.interrupt();
        Latches.spinUntil(
                () ->
                        closer.getState() == Thread.State.WAITING
                                || closer.getState() == Thread.State.TIMED_WAITING);
        assertThat(closer.isAlive()).isTrue();
        mayEnd.countDown();
        closer.join();
        assertThat(endedBeforeCloseReturned).isTrue();
    }
}
