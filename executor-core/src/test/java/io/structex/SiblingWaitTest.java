package io.structex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * maxConcurrency and tasks that wait for their siblings: a task that calls get() on a sibling still
 * waiting for a slot runs it itself, on its own thread and slot (no silent deadlock, the bound
 * stays exact); and shutdownNow ends every running task CANCELLED, even one that was waiting for a
 * sibling it cancels.
 */
@Timeout(60)
class SiblingWaitTest {

    @Test
    void get_onAQueuedSibling_fromEveryRunningTask_runsItInsteadOfDeadlocking() throws Exception {
        int n = 2;
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostRunning = new AtomicInteger();
        CountDownLatch allRunning = new CountDownLatch(n);
        try (StructuredExecutor executor = StructuredExecutor.builder().maxConcurrency(n).open()) {
            List<TaskFuture<Integer>> outer = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                outer.add(
                        executor.submit(
                                () -> {
                                    mostRunning.accumulateAndGet(
                                            running.incrementAndGet(), Math::max);
                                    try {
                                        allRunning.countDown();
                                        allRunning
                                                .await(); // every slot is taken: the siblings must
                                        // queue
                                        TaskFuture<Integer> sibling =
                                                executor.submit(
                                                        () -> {
                                                            mostRunning.accumulateAndGet(
                                                                    running.incrementAndGet(),
                                                                    Math::max);
                                                            running.decrementAndGet();
                                                            return 21;
                                                        });
                                        running.decrementAndGet(); // this body waits; the sibling
                                        // uses its slot
                                        try {
                                            return sibling.get() * 2;
                                        } finally {
                                            running.incrementAndGet();
                                        }
                                    } finally {
                                        running.decrementAndGet();
                                    }
                                }));
            }
            for (TaskFuture<Integer> f : outer) {
                assertThat(f.get()).isEqualTo(42);
            }
            assertThat(mostRunning.get()).isLessThanOrEqualTo(n);
        }
    }

    @Test
    void get_onAQueuedSibling_runsItOnTheWaitingTasksThread() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.builder().maxConcurrency(1).open()) {
            AtomicReference<Thread> siblingThread = new AtomicReference<>();
            Thread outerThread =
                    executor.submit(
                                    () -> {
                                        TaskFuture<Object> sibling =
                                                executor.submit(
                                                        () -> {
                                                            siblingThread.set(
                                                                    Thread.currentThread());
                                                            return null;
                                                        });
                                        assertThat(sibling.running())
                                                .isFalse(); // queued behind this task
                                        sibling.get();
                                        assertThat(sibling.state()).isEqualTo(Future.State.SUCCESS);
                                        return Thread.currentThread();
                                    })
                            .get();
            assertThat(siblingThread.get()).isSameAs(outerThread);
            executor.shutdown(true); // completed() is exact once nothing is pending
            assertThat(executor.stats().completed()).isEqualTo(2);
        }
    }

    @Test
    void get_onAQueuedSiblingThatFails_reportsItsFailure_andItIsCountedOnce() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.builder().maxConcurrency(1).open()) {
            String seen =
                    executor.submit(
                                    () -> {
                                        TaskFuture<Object> sibling =
                                                executor.submit(
                                                        () -> {
                                                            throw new IllegalStateException(
                                                                    "sibling fails");
                                                        });
                                        return sibling.exception().getMessage();
                                    })
                            .get();
            assertThat(seen).isEqualTo("sibling fails");
            executor.shutdown(true);
            assertThat(executor.stats().failed()).isEqualTo(1);
            assertThat(executor.pendingCount()).isZero();
        }
    }

    /** 17.3: the queued sibling is cancelled, the running task wakes: it must end CANCELLED. */
    @RepeatedTest(200)
    void shutdownNow_runningTaskWaitingForAQueuedSibling_endsCancelled() throws Exception {
        StructuredExecutor executor = StructuredExecutor.builder().maxConcurrency(1).open();
        CountDownLatch siblingSubmitted = new CountDownLatch(1);
        AtomicReference<TaskFuture<Object>> sibling = new AtomicReference<>();
        TaskFuture<Object> running =
                executor.submit(
                        () -> {
                            sibling.set(executor.submit(() -> "sibling"));
                            siblingSubmitted.countDown();
                            return sibling.get()
                                    .get(
                                            10,
                                            java.util.concurrent.TimeUnit
                                                    .SECONDS); // timed: no help
                        });
        siblingSubmitted.await();
        executor.shutdownNow();
        executor.close();
        assertThat(running.state()).isEqualTo(Future.State.CANCELLED);
        assertThat(sibling.get().state()).isEqualTo(Future.State.CANCELLED);
    }
}
