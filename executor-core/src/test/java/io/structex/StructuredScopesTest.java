package io.structex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** failFast, timeout, parent/child scopes. */
@Timeout(60)
class StructuredScopesTest {

    /** Blocks until interrupted, then counts the interrupt down and rethrows it. */
    private static Object blockUntilInterrupted(CountDownLatch started, CountDownLatch interrupted)
            throws InterruptedException {
        started.countDown();
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            interrupted.countDown();
            throw e;
        }
        return "never";
    }

    @Test
    void failFast_firstFailure_cancelsTheOthersWithInterrupt_andCloseThrowsItAsCause()
            throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        StructuredExecutor executor = StructuredExecutor.builder().failFast(true).open();
        TaskFuture<Object> blocked =
                executor.submit(() -> blockUntilInterrupted(started, interrupted));
        started.await();
        executor.submit(
                () -> {
                    throw new IOException("first failure");
                });
        interrupted.await();
        ScopeFailedException e = catchThrowableOfType(ScopeFailedException.class, executor::close);
        assertThat(e).hasCauseInstanceOf(IOException.class).hasRootCauseMessage("first failure");
        assertThat(e.getSuppressed())
                .isEmpty(); // the cancelled task's InterruptedException is not a failure
        assertThat(blocked.isCancelled()).isTrue();
    }

    @Test
    void failFast_afterAFailure_rejectsNewSubmissions() throws Exception {
        StructuredExecutor executor = StructuredExecutor.builder().failFast(true).open();
        executor.submit(
                () -> {
                    throw new IllegalStateException("fails");
                });
        assertThat(executor.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        assertThatThrownBy(() -> executor.submit(() -> 1))
                .isInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(executor::close).isInstanceOf(ScopeFailedException.class);
    }

    /**
     * A task that failed on its own before it could be cancelled is a suppressed exception. Its
     * done-callback holds its thread until the first failure is recorded, which fixes the order.
     */
    @Test
    void failFast_laterIndependentFailure_isSuppressed() throws Exception {
        StructuredExecutor executor = StructuredExecutor.builder().failFast(true).open();
        CountDownLatch callbackAdded = new CountDownLatch(1);
        CountDownLatch secondFailed = new CountDownLatch(1);
        TaskFuture<Object> second =
                executor.submit(
                        () -> {
                            Latches.awaitUninterruptibly(callbackAdded);
                            throw new IllegalStateException("second failure");
                        });
        second.addDoneCallback(
                f -> {
                    secondFailed.countDown();
                    Latches.spinUntil(executor::isShutdown); // until the first failure was recorded
                });
        callbackAdded.countDown();
        secondFailed.await();
        executor.submit(
                () -> {
                    throw new IOException("first failure");
                });
        // Only the recorded first failure shuts the executor down until close() is called here.
        Latches.spinUntil(executor::isShutdown);
        ScopeFailedException e = catchThrowableOfType(ScopeFailedException.class, executor::close);
        assertThat(e).hasCauseInstanceOf(IOException.class);
        assertThat(e.getSuppressed()).singleElement().isInstanceOf(IllegalStateException.class);
    }

    @Test
    void withoutFailFast_closeNeverThrowsBecauseOfATask() {
        StructuredExecutor executor = StructuredExecutor.open();
        for (int i = 0; i < 5; i++) {
            executor.submit(
                    () -> {
                        throw new IllegalStateException("fails");
                    });
        }
        executor.close();
        assertThat(executor.isTerminated()).isTrue();
    }

    @Test
    void timeout_elapses_cancelsPendingTasksWithInterrupt_andCloseThrowsTimeoutCause()
            throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        StructuredExecutor executor =
                StructuredExecutor.builder().timeout(Duration.ofMillis(50)).open();
        executor.submit(() -> blockUntilInterrupted(started, interrupted));
        interrupted.await();
        assertThatThrownBy(executor::close)
                .isInstanceOf(ScopeFailedException.class)
                .hasCauseInstanceOf(TimeoutException.class);
    }

    @Test
    void timeout_tasksFinishInTime_closeDoesNotThrow() throws Exception {
        try (StructuredExecutor executor =
                StructuredExecutor.builder().timeout(Duration.ofMinutes(1)).open()) {
            assertThat(executor.submit(() -> 1).get()).isEqualTo(1);
        }
    }

    @Test
    void timeout_elapsedWithNothingPending_shutsDownQuietly() throws Exception {
        StructuredExecutor executor =
                StructuredExecutor.builder().timeout(Duration.ofMillis(10)).open();
        assertThat(executor.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        assertThatThrownBy(() -> executor.submit(() -> 1))
                .isInstanceOf(RejectedExecutionException.class);
        executor.close(); // nothing was pending when it elapsed: no exception
    }

    @Test
    void builder_badTimeout_throwsAtTheCall() {
        assertThatThrownBy(() -> StructuredExecutor.builder().timeout(null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> StructuredExecutor.builder().timeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StructuredExecutor.builder().timeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StructuredExecutor.builder().taskDecorator(null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void executorOpenedInsideATask_isThatExecutorsChild() throws Exception {
        try (StructuredExecutor outer = StructuredExecutor.open()) {
            StructuredExecutor child =
                    outer.submit(
                                    () -> {
                                        try (StructuredExecutor inner = StructuredExecutor.open()) {
                                            return inner;
                                        }
                                    })
                            .get();
            assertThat(child.parent).isSameAs(outer);
        }
        try (StructuredExecutor topLevel = StructuredExecutor.open()) {
            assertThat(topLevel.parent).isNull();
        }
    }

    @Test
    void executorOpenedInsideATaskOfACustomFactory_isStillThatExecutorsChild() throws Exception {
        try (StructuredExecutor outer =
                StructuredExecutor.builder()
                        .threadFactory(r -> Thread.ofVirtual().unstarted(r))
                        .open()) {
            StructuredExecutor child =
                    outer.submit(
                                    () -> {
                                        try (StructuredExecutor inner = StructuredExecutor.open()) {
                                            return inner;
                                        }
                                    })
                            .get();
            assertThat(child.parent).isSameAs(outer);
        }
    }

    @Test
    void executorOpenedInAPlainVirtualThread_hasNoParent() throws Exception {
        AtomicReference<StructuredExecutor> opened = new AtomicReference<>();
        try (StructuredExecutor unrelated = StructuredExecutor.open()) {
            unrelated.submit(() -> 1).get();
            Thread.ofVirtual()
                    .start(
                            () -> {
                                try (StructuredExecutor e = StructuredExecutor.open()) {
                                    opened.set(e);
                                }
                            })
                    .join();
        }
        assertThat(opened.get().parent).isNull();
    }

    @Test
    void parentShutdownNow_cancelsTheChildsTasks() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        AtomicReference<TaskFuture<Object>> childTask = new AtomicReference<>();
        StructuredExecutor outer = StructuredExecutor.open();
        outer.submit(
                () -> {
                    StructuredExecutor child = StructuredExecutor.open();
                    childTask.set(child.submit(() -> blockUntilInterrupted(started, interrupted)));
                    child.shutdown(false);
                });
        started.await();
        outer.shutdownNow();
        assertThat(interrupted.await(30, TimeUnit.SECONDS))
                .as("the child's task interrupted")
                .isTrue();
        outer.close();
        assertThat(childTask.get().isCancelled()).isTrue();
    }

    @Test
    void parentFailFast_cancelsTheChildsTasks() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        StructuredExecutor outer = StructuredExecutor.builder().failFast(true).open();
        outer.submit(
                () -> {
                    StructuredExecutor child = StructuredExecutor.open();
                    child.submit(() -> blockUntilInterrupted(started, interrupted));
                    child.shutdown(false);
                });
        started.await();
        outer.submit(
                () -> {
                    throw new IllegalStateException("fails");
                });
        interrupted.await();
        assertThatThrownBy(outer::close).isInstanceOf(ScopeFailedException.class);
    }

    @Test
    void parentClose_doesNotReturnWhileAChildsTaskIsRunning() throws Exception {
        CountDownLatch childTaskStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean childTaskDone = new AtomicBoolean();
        StructuredExecutor outer = StructuredExecutor.open();
        outer.submit(
                        () -> {
                            StructuredExecutor child = StructuredExecutor.open();
                            child.submit(
                                    () -> {
                                        childTaskStarted.countDown();
                                        release.await();
                                        childTaskDone.set(true);
                                        return null;
                                    });
                            child.shutdown(
                                    false); // the opening task returns at once, the child's task
                            // runs on
                        })
                .get();
        childTaskStarted.await();
        outer.shutdown();
        assertThat(outer.awaitTermination(20, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(outer.pendingCount())
                .isZero(); // its own tasks are done; it waits for the child's
        AtomicBoolean doneWhenCloseReturned = new AtomicBoolean();
        Thread closer =
                Thread.ofPlatform()
                        .start(
                                () -> {
                                    outer.close();
                                    doneWhenCloseReturned.set(childTaskDone.get());
                                });
        release.countDown();
        closer.join();
        assertThat(doneWhenCloseReturned).isTrue();
    }

    @Test
    void parentCloseInterrupted_cancelsTheChildsTasks() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        StructuredExecutor outer = StructuredExecutor.open();
        outer.submit(
                () -> {
                    StructuredExecutor child = StructuredExecutor.open();
                    child.submit(() -> blockUntilInterrupted(started, interrupted));
                    child.shutdown(false);
                });
        started.await();
        Thread closer = Thread.ofPlatform().start(outer::close);
        Latches.spinUntil(outer::isShutdown);
        closer.interrupt();
        interrupted.await();
        closer.join();
        assertThat(outer.isTerminated()).isTrue();
    }

    @Test
    void describe_rendersTheTreeOfScopesAndTheirRunningTasks() throws Exception {
        CountDownLatch childTaskStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<StructuredExecutor> childRef = new AtomicReference<>();
        try (StructuredExecutor outer = StructuredExecutor.builder().name("crawler").open()) {
            outer.submit(
                    () -> {
                        try (StructuredExecutor child =
                                StructuredExecutor.builder().name("parse").open()) {
                            childRef.set(child);
                            child.submit(
                                    () -> {
                                        childTaskStarted.countDown();
                                        release.await();
                                        return null;
                                    });
                        }
                        return null;
                    });
            childTaskStarted.await();
            try {
                Latches.spinUntil(() -> childRef.get().isShutdown()); // its close() has begun
                assertThat(outer.describe())
                        .isEqualTo(
                                """
                                StructuredExecutor[crawler, RUNNING, pending=1]
                                ├─ crawler-1 (running)
                                └─ StructuredExecutor[parse, SHUTDOWN, pending=1]
                                   └─ parse-1 (running)
                                """);
            } finally {
                release.countDown();
            }
        }
    }

    @Test
    void idleGrandchild_getsATaskAfterItsGrandparentWasCancelled_theTaskIsCancelled()
            throws Exception {
        StructuredExecutor root = StructuredExecutor.open();
        AtomicReference<StructuredExecutor> grandchild = new AtomicReference<>();
        root.submit(
                        () -> {
                            StructuredExecutor child = StructuredExecutor.open();
                            child.submit(() -> grandchild.set(StructuredExecutor.open())).get();
                            return null; // child and grandchild stay open, idle
                        })
                .get();
        root.shutdownNow(); // reaches no idle scope: the root holds only busy children
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        TaskFuture<Object> late =
                grandchild.get().submit(() -> blockUntilInterrupted(started, interrupted));
        assertThat(grandchild.get().awaitTermination(30, TimeUnit.SECONDS))
                .as("the grandparent's cancellation reaches a task submitted later")
                .isTrue();
        assertThat(late.isCancelled()).isTrue();
        root.close();
    }
}
