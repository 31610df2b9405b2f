package io.structex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** maxConcurrency: Python's max_workers, with waiting tasks that hold no thread. */
@Timeout(60)
class BoundedConcurrencyTest {

    private static StructuredExecutor bounded(int max) {
        return StructuredExecutor.builder().maxConcurrency(max).open();
    }

    /** Occupies the single slot of a maxConcurrency(1) executor until released. */
    private static TaskFuture<?> occupySlot(
            StructuredExecutor executor, CountDownLatch started, CountDownLatch release) {
        return executor.submit(
                () -> {
                    started.countDown();
                    release.await();
                    return null;
                });
    }

    @Test
    void maxConcurrency_isNeverExceeded() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        try (StructuredExecutor executor = bounded(8)) {
            for (int i = 0; i < 5_000; i++) {
                executor.submit(
                        () -> {
                            int now = running.incrementAndGet();
                            peak.accumulateAndGet(now, Math::max);
                            Thread.yield();
                            running.decrementAndGet();
                            ran.incrementAndGet();
                        });
            }
        }
        assertThat(peak.get()).isBetween(1, 8);
        assertThat(ran).hasValue(5_000);
    }

    @Test
    void workers_runTheTasksThatWaitedBehindTheirs() throws Exception {
        CountDownLatch started = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        Set<Thread> workers = ConcurrentHashMap.newKeySet();
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        try (StructuredExecutor executor = bounded(2)) {
            for (int i = 0; i < 2; i++) {
                executor.submit(
                        () -> {
                            workers.add(Thread.currentThread());
                            started.countDown();
                            release.await();
                            return null;
                        });
            }
            started.await();
            for (int i = 0; i < 20; i++) {
                executor.submit(() -> threads.add(Thread.currentThread()));
            }
            release.countDown();
        }
        assertThat(workers).hasSize(2).allMatch(Thread::isVirtual);
        assertThat(workers).containsAll(threads);
    }

    @Test
    void worker_interruptLeftSetByATask_doesNotReachTheNextTask() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (StructuredExecutor executor = bounded(1)) {
            TaskFuture<Thread> first =
                    executor.submit(
                            () -> {
                                started.countDown();
                                Latches.awaitUninterruptibly(release);
                                Thread.currentThread().interrupt(); // and returns with the flag set
                                return Thread.currentThread();
                            });
            started.await();
            TaskFuture<Boolean> nextSawInterrupt =
                    executor.submit(() -> Thread.currentThread().isInterrupted());
            TaskFuture<Thread> nextThread = executor.submit(Thread::currentThread);
            release.countDown();
            assertThat(nextSawInterrupt.get()).isFalse();
            assertThat(nextThread.get()).isSameAs(first.get()); // the same worker ran both
        }
    }

    @Test
    void worker_cancelWithInterrupt_interruptsOnlyTheCancelledTask() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch blockForever = new CountDownLatch(1);
        try (StructuredExecutor executor = bounded(1)) {
            TaskFuture<?> first =
                    executor.submit(
                            () -> {
                                started.countDown();
                                blockForever.await(); // ends by the interrupt of cancel(true)
                                return null;
                            });
            started.await();
            TaskFuture<Boolean> next =
                    executor.submit(() -> Thread.currentThread().isInterrupted());
            assertThat(first.cancel(true)).isTrue();
            assertThat(next.get()).isFalse();
        }
    }

    @Test
    void waitingTasks_startInSubmissionOrder() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> order = new CopyOnWriteArrayList<>();
        try (StructuredExecutor executor = bounded(1)) {
            occupySlot(executor, started, release);
            started.await();
            for (int i = 0; i < 100; i++) {
                int n = i;
                executor.submit(() -> order.add(n));
            }
            release.countDown();
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            expected.add(i);
        }
        assertThat(order).isEqualTo(expected);
    }

    @Test
    void waitingTask_isPendingButNotRunning() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (StructuredExecutor executor = bounded(1)) {
            occupySlot(executor, started, release);
            started.await();
            TaskFuture<Integer> waiting = executor.submit(() -> 1);
            assertThat(waiting.running()).isFalse();
            assertThat(waiting.isDone()).isFalse();
            assertThat(executor.pendingCount()).isEqualTo(2);
            release.countDown();
            assertThat(waiting.get()).isEqualTo(1);
        }
    }

    @Test
    void cancel_waitingTask_succeeds_neverRuns_andIsPendingNoMore() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean ran = new AtomicBoolean();
        try (StructuredExecutor executor = bounded(1)) {
            occupySlot(executor, started, release);
            started.await();
            TaskFuture<?> waiting = executor.submit(() -> ran.set(true));
            assertThat(waiting.cancel(true)).isTrue();
            assertThat(waiting.isCancelled()).isTrue();
            assertThat(executor.pendingCount()).isEqualTo(1);
            release.countDown();
        }
        assertThat(ran).isFalse();
    }

    @Test
    void shutdownCancelFutures_cancelsWaitingTasks_neverInterruptsRunningOnes() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        StructuredExecutor executor = bounded(1);
        TaskFuture<?> running = occupySlot(executor, started, release);
        started.await();
        List<TaskFuture<?>> waiting = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waiting.add(executor.submit(ran::incrementAndGet));
        }
        executor.shutdown(false, true);
        assertThat(waiting).allMatch(TaskFuture::isCancelled);
        assertThat(executor.pendingCount()).isEqualTo(1);
        release.countDown();
        executor.close();
        assertThat(running.isCancelled()).isFalse();
        assertThat(running.get()).isNull(); // it finished: not interrupted
        assertThat(ran).hasValue(0);
    }

    @Test
    void shutdownNow_returnsTheNeverStartedTasks_andInterruptsRunningOnes() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        StructuredExecutor executor = bounded(1);
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
        for (int i = 0; i < 3; i++) {
            executor.submit(ran::incrementAndGet);
        }
        List<Runnable> neverStarted = executor.shutdownNow();
        interrupted.await();
        executor.close();
        assertThat(neverStarted).hasSize(3);
        assertThat(ran).hasValue(0);
        neverStarted.forEach(Runnable::run); // they are the original tasks
        assertThat(ran).hasValue(3);
    }

    @Test
    void failingTasks_releaseTheirSlots() throws Exception {
        try (StructuredExecutor executor = bounded(2)) {
            for (int i = 0; i < 100; i++) {
                executor.submit(
                        () -> {
                            throw new IllegalStateException("fails on purpose");
                        });
            }
            assertThat(executor.submit(() -> "still runs").get()).isEqualTo("still runs");
        }
    }

    @Test
    void close_fromOwnTask_inBoundedMode_throwsIllegalStateException() {
        try (StructuredExecutor executor = bounded(1)) {
            TaskFuture<?> f = executor.submit(() -> executor.close());
            assertThatThrownBy(f::get).cause().isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void close_waitsForWaitingTasksToo() {
        AtomicInteger ran = new AtomicInteger();
        StructuredExecutor executor = bounded(1);
        for (int i = 0; i < 200; i++) {
            executor.submit(ran::incrementAndGet);
        }
        executor.close();
        assertThat(ran).hasValue(200);
        assertThat(executor.pendingCount()).isZero();
    }

    @Test
    void maxConcurrency_belowOne_throwsIllegalArgumentException() {
        assertThatThrownBy(() -> StructuredExecutor.builder().maxConcurrency(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StructuredExecutor.builder().maxConcurrency(-3))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
