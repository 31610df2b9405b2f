package io.structex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class TaskFutureTest {

    @Test
    void cancelTrue_runningTask_interruptsItsThread() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            TaskFuture<?> f =
                    executor.submit(
                            () -> {
                                started.countDown();
                                try {
                                    new CountDownLatch(1).await();
                                } catch (InterruptedException e) {
                                    interrupted.countDown();
                                }
                            });
            started.await();
            assertThat(f.cancel(true)).isTrue();
            interrupted.await();
            assertThat(f.isCancelled()).isTrue();
            assertThat(f.state()).isEqualTo(Future.State.CANCELLED);
            assertThatThrownBy(f::get).isInstanceOf(CancellationException.class);
        }
    }

    @Test
    void cancelFalse_runningTask_marksCancelledWithoutInterrupt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean wasInterrupted = new AtomicBoolean();
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            TaskFuture<?> f =
                    executor.submit(
                            () -> {
                                started.countDown();
                                Latches.awaitUninterruptibly(release);
                                wasInterrupted.set(Thread.currentThread().isInterrupted());
                            });
            started.await();
            assertThat(f.cancel(false)).isTrue();
            assertThat(f.isCancelled()).isTrue();
            release.countDown();
        }
        assertThat(wasInterrupted).isFalse();
    }

    @Test
    void cancel_doneFuture_returnsFalseAndChangesNothing() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            TaskFuture<Integer> f = executor.submit(() -> 7);
            assertThat(f.get()).isEqualTo(7);
            assertThat(f.cancel(true)).isFalse();
            assertThat(f.cancel(false)).isFalse();
            assertThat(f.isCancelled()).isFalse();
            assertThat(f.get()).isEqualTo(7);
            assertThat(f.state()).isEqualTo(Future.State.SUCCESS);
        }
    }

    @Test
    void failedFuture_reportsFailedStateAndException() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            TaskFuture<Object> f =
                    executor.submit(
                            () -> {
                                throw new IllegalArgumentException("bad");
                            });
            assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class);
            assertThat(f.state()).isEqualTo(Future.State.FAILED);
            assertThat(f.exceptionNow()).isInstanceOf(IllegalArgumentException.class);
            assertThat(f.cancel(true)).isFalse();
        }
    }

    @Test
    void taskThrowingError_completesExceptionallyWithTheError() {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            TaskFuture<Object> f =
                    executor.submit(
                            () -> {
                                throw new StackOverflowError("deep");
                            });
            assertThatThrownBy(f::get).cause().isInstanceOf(StackOverflowError.class);
        }
    }

    @Test
    void getWithTimeout_notDone_throwsTimeoutException() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            TaskFuture<?> f =
                    executor.submit(
                            () -> {
                                release.await();
                                return null;
                            });
            assertThatThrownBy(() -> f.get(1, TimeUnit.MILLISECONDS))
                    .isInstanceOf(TimeoutException.class);
            release.countDown();
            assertThat(f.get(1, TimeUnit.MINUTES)).isNull();
        }
    }

    @Test
    void get_interruptedWhileWaiting_throwsInterruptedException_taskUnaffected() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            TaskFuture<String> f =
                    executor.submit(
                            () -> {
                                release.await();
                                return "ok";
                            });
            Thread.currentThread().interrupt();
            assertThatThrownBy(f::get).isInstanceOf(InterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
            release.countDown();
            assertThat(f.get()).isEqualTo("ok");
        }
    }

    @Test
    void repeatedTimedGets_doNotAccumulateWaiters() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            TaskFuture<?> f =
                    executor.submit(
                            () -> {
                                release.await();
                                return null;
                            });
            for (int i = 0; i < 1000; i++) {
                assertThatThrownBy(() -> f.get(0, TimeUnit.NANOSECONDS))
                        .isInstanceOf(TimeoutException.class);
                assertThatThrownBy(() -> f.get(1, TimeUnit.MICROSECONDS))
                        .isInstanceOf(TimeoutException.class);
            }
            assertThat(waiterCount(f)).isZero();
            release.countDown();
        }
    }

    private static int waiterCount(TaskFuture<?> f) throws Exception {
        java.lang.reflect.Field field = StructuredTask.class.getDeclaredField("waiters");
        field.setAccessible(true);
        int n = 0;
        for (StructuredTask.WaitNode q = (StructuredTask.WaitNode) field.get(f);
                q != null;
                q = q.next) {
            n++;
        }
        return n;
    }

    @Test
    void running_isTrueOnlyWhileTheBodyRuns() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            TaskFuture<?> f =
                    executor.submit(
                            () -> {
                                started.countDown();
                                release.await();
                                return null;
                            });
            started.await();
            assertThat(f.running()).isTrue();
            release.countDown();
            f.get();
            assertThat(f.running()).isFalse();
        }
    }

    @Test
    void cancelIfNotStarted_beforeTheBody_cancelsAndTheBodyNeverRuns() {
        AtomicBoolean ran = new AtomicBoolean();
        StructuredTask<Object> task = new StructuredTask<>(() -> ran.getAndSet(true));
        assertThat(task.running()).isFalse();
        assertThat(task.cancelIfNotStarted()).isTrue();
        runBody(task);
        assertThat(ran).isFalse();
        assertThat(task.isCancelled()).isTrue();
    }

    @Test
    void cancelIfNotStarted_afterTheBodyStarted_doesNothing() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        StructuredTask<String> task =
                new StructuredTask<>(
                        () -> {
                            started.countDown();
                            release.await();
                            return "ran";
                        });
        Thread runner = Thread.ofVirtual().start(() -> runBody(task));
        started.await();
        assertThat(task.cancelIfNotStarted()).isFalse();
        release.countDown();
        runner.join();
        assertThat(task.get()).isEqualTo("ran");
    }

    @Test
    void addDoneCallback_onDoneFuture_runsAtOnceInTheCallingThread() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            TaskFuture<Integer> f = executor.submit(() -> 1);
            f.get();
            AtomicReference<Thread> ranIn = new AtomicReference<>();
            f.addDoneCallback(done -> ranIn.set(Thread.currentThread()));
            assertThat(ranIn.get()).isSameAs(Thread.currentThread());
        }
    }

    /**
     * Regression: get() can return between the completing thread's state write and its taking of
     * the callback stack; a callback added then must still run at once in the caller. The window is
     * narrow, so the scenario is repeated.
     */
    @Test
    void addDoneCallback_rightAfterGetReturns_runsInTheCallingThread() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            for (int i = 0; i < 5_000; i++) {
                TaskFuture<Integer> f = executor.submit(() -> 1);
                f.get();
                AtomicReference<Thread> ranIn = new AtomicReference<>();
                f.addDoneCallback(done -> ranIn.set(Thread.currentThread()));
                assertThat(ranIn.get()).as("iteration %d", i).isSameAs(Thread.currentThread());
            }
        }
    }

    @Test
    void addDoneCallback_beforeCompletion_runsInTheCompletingThread() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Thread> taskThread = new AtomicReference<>();
        AtomicReference<Thread> ranIn = new AtomicReference<>();
        CountDownLatch called = new CountDownLatch(1);
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            TaskFuture<Integer> f =
                    executor.submit(
                            () -> {
                                taskThread.set(Thread.currentThread());
                                release.await();
                                return 1;
                            });
            f.addDoneCallback(
                    done -> {
                        ranIn.set(Thread.currentThread());
                        called.countDown();
                    });
            release.countDown();
            called.await();
        }
        assertThat(ranIn.get()).isSameAs(taskThread.get());
    }

    @Test
    void addDoneCallback_cancelledFuture_runsInTheCancellingThread() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Thread> ranIn = new AtomicReference<>();
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            TaskFuture<?> f =
                    executor.submit(
                            () -> {
                                started.countDown();
                                new CountDownLatch(1).await();
                                return null;
                            });
            f.addDoneCallback(done -> ranIn.set(Thread.currentThread()));
            started.await();
            f.cancel(true);
        }
        assertThat(ranIn.get()).isSameAs(Thread.currentThread());
    }

    @Test
    void addDoneCallback_throwingCallback_othersStillRunInOrderOnceEach() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> calls = new CopyOnWriteArrayList<>();
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            TaskFuture<Integer> f =
                    executor.submit(
                            () -> {
                                release.await();
                                return 1;
                            });
            f.addDoneCallback(done -> calls.add("first"));
            f.addDoneCallback(
                    done -> {
                        calls.add("throws");
                        throw new IllegalStateException("callback fails on purpose (logged)");
                    });
            f.addDoneCallback(done -> calls.add("third"));
            release.countDown();
        }
        assertThat(calls).containsExactly("first", "throws", "third");
    }

    @Test
    void addDoneCallback_null_throwsNullPointerException() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            TaskFuture<Integer> f = executor.submit(() -> 1);
            assertThatThrownBy(() -> f.addDoneCallback(null))
                    .isInstanceOf(NullPointerException.class);
        }
    }

    @Test
    void toString_describesTheState() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.builder().name("w").open()) {
            TaskFuture<Integer> f = executor.submit(() -> 1);
            f.get();
            assertThat(f.toString()).contains("Completed normally").contains("on w-1");
        }
    }

    /** What a task's thread does with an unclaimed task: claim it, then run its body. */
    private static void runBody(StructuredTask<?> task) {
        if (task.claim()) {
            task.runClaimedBody();
        }
    }
}
