package io.structex;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Stress tests that run in every build, bounded to a few seconds each on 2 cores. Figures from them
 * are in docs/reliability.md.
 */
@Timeout(120)
class StressTest {

    /**
     * 8 submitters x 50k submits racing shutdown(false) at a random point: every submit returns a
     * future whose task runs exactly once, or is rejected; accepted == executed.
     */
    @RepeatedTest(3)
    void eightSubmitters_racingShutdown_acceptedEqualsExecuted() throws Exception {
        submitsRacingShutdown(8, 50_000);
    }

    /** The same rule, smaller, at many more random shutdown points. */
    @RepeatedTest(20)
    void fourSubmitters_racingShutdownAtManyPoints_acceptedEqualsExecuted() throws Exception {
        submitsRacingShutdown(4, 2_000);
    }

    private static void submitsRacingShutdown(int submitters, int submitsEach) throws Exception {
        StructuredExecutor executor = StructuredExecutor.open();
        AtomicLong executed = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        ConcurrentLinkedQueue<TaskFuture<?>> futures = new ConcurrentLinkedQueue<>();
        long total = submitters * (long) submitsEach;
        long shutdownAt = ThreadLocalRandom.current().nextLong(total);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < submitters; s++) {
            threads.add(
                    Thread.ofPlatform()
                            .start(
                                    () -> {
                                        Latches.awaitUninterruptibly(go);
                                        for (int i = 0; i < submitsEach; i++) {
                                            try {
                                                futures.add(
                                                        executor.submit(executed::incrementAndGet));
                                                if (accepted.incrementAndGet() == shutdownAt) {
                                                    executor.shutdown(false);
                                                }
                                            } catch (RejectedExecutionException e) {
                                                rejected.incrementAndGet();
                                            }
                                        }
                                    }));
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        executor.shutdown(false);
        executor.close();
        assertThat(accepted.get() + rejected.get()).isEqualTo(total);
        assertThat(executed.get()).isEqualTo(accepted.get());
        assertThat(futures)
                .hasSize((int) accepted.get())
                .allMatch(
                        f ->
                                f.isDone()
                                        && !f.isCancelled()
                                        && f.state() == java.util.concurrent.Future.State.SUCCESS);
        assertThat(executor.pendingCount()).isZero();
        assertThat(executor.isTerminated()).isTrue();
    }

    /**
     * cancel racing completion on 100k futures: each ends either cancelled (cancel returned true,
     * get throws) or completed (cancel returned false, get returns the value), never both.
     */
    @Test
    void cancelRacingCompletion_eachFutureEndsOneWayOnly() throws Exception {
        int n = 100_000;
        AtomicInteger completedBodies = new AtomicInteger();
        List<TaskFuture<Integer>> futures = new ArrayList<>(n);
        boolean[] cancelled = new boolean[n];
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            for (int i = 0; i < n; i++) {
                int x = i;
                futures.add(
                        executor.submit(
                                () -> {
                                    completedBodies.incrementAndGet();
                                    return x;
                                }));
                if (i % 2 == 0) {
                    cancelled[i] = futures.get(i).cancel(i % 4 == 0);
                }
            }
        }
        int cancelledCount = 0;
        for (int i = 0; i < n; i++) {
            TaskFuture<Integer> f = futures.get(i);
            assertThat(f.isDone()).isTrue();
            if (cancelled[i]) {
                cancelledCount++;
                assertThat(f.isCancelled()).isTrue();
                try {
                    f.get();
                    throw new AssertionError("get of cancelled future " + i + " returned");
                } catch (CancellationException expected) {
                    // ok
                }
            } else {
                assertThat(f.isCancelled()).isFalse();
                assertThat(f.get()).isEqualTo(i);
            }
        }
        assertThat(completedBodies.get()).isGreaterThanOrEqualTo(n - cancelledCount);
        System.out.printf(
                "cancel vs completion: %d futures, %d cancelled, %d bodies ran%n",
                n, cancelledCount, completedBodies.get());
    }

    @Test
    void maxConcurrency8_neverExceeded_under200kTasks() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        try (StructuredExecutor executor = StructuredExecutor.builder().maxConcurrency(8).open()) {
            for (int i = 0; i < 200_000; i++) {
                executor.submit(
                        () -> {
                            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                            running.decrementAndGet();
                            ran.incrementAndGet();
                        });
            }
        }
        assertThat(peak.get()).isBetween(1, 8);
        assertThat(ran).hasValue(200_000);
        System.out.printf("maxConcurrency(8): 200000 tasks, peak %d running%n", peak.get());
    }

    /** 2M tasks through one executor: completed futures are not retained; the heap stays flat. */
    @Test
    void twoMillionTasks_heapStaysFlat() throws Exception {
        long[] samples = new long[10];
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            for (int batch = 0; batch < samples.length; batch++) {
                List<TaskFuture<Integer>> inFlight = new ArrayList<>(200_000);
                for (int i = 0; i < 200_000; i++) {
                    inFlight.add(executor.submit(() -> 1));
                }
                for (TaskFuture<Integer> f : inFlight) {
                    f.get();
                }
                inFlight.clear();
                Latches.spinUntil(() -> executor.pendingCount() == 0);
                samples[batch] = usedHeapAfterGc();
            }
        }
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 1; i < samples.length; i++) { // the first batch warms up
            min = Math.min(min, samples[i]);
            max = Math.max(max, samples[i]);
        }
        System.out.printf(
                "2M tasks: heap after GC per 200k batch %s MB%n",
                java.util.Arrays.stream(samples).map(b -> b >> 20).boxed().toList());
        assertThat(max - min).as("heap growth across 1.8M tasks, bytes").isLessThan(16L << 20);
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** A plain check that ExecutionException carries Errors too, under load. */
    @Test
    void manyFailingTasks_eachReportsItsOwnFailure() throws Exception {
        List<TaskFuture<Object>> futures = new ArrayList<>();
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            for (int i = 0; i < 10_000; i++) {
                int n = i;
                futures.add(
                        executor.submit(
                                () -> {
                                    throw new IllegalStateException("task " + n);
                                }));
            }
        }
        for (int i = 0; i < futures.size(); i++) {
            try {
                futures.get(i).get();
                throw new AssertionError("task " + i + " did not fail");
            } catch (ExecutionException e) {
                assertThat(e.getCause()).hasMessage("task " + i);
            }
        }
    }

    /**
     * cancel racing completion, 100k futures per configuration: after every cancel returns,
     * isDone() is true (Future's contract; FutureTask counts its COMPLETING as done too).
     */
    @RepeatedTest(2)
    void cancelRacingCompletion_isDoneRightAfterEveryCancel() throws Exception {
        for (int max : new int[] {0, 2}) {
            StructuredExecutorBuilder builder = StructuredExecutor.builder();
            if (max > 0) {
                builder.maxConcurrency(max);
            }
            AtomicInteger notDone = new AtomicInteger();
            try (StructuredExecutor executor = builder.open()) {
                for (int i = 0; i < 100_000; i++) {
                    TaskFuture<Integer> f = executor.submit(() -> 1);
                    boolean interrupt = (i & 1) == 0;
                    while (!f.running() && !f.isDone()) {
                        Thread.onSpinWait(); // cancel while it runs or completes, not before
                    }
                    f.cancel(interrupt);
                    if (!f.isDone()) {
                        notDone.incrementAndGet();
                    }
                }
            }
            assertThat(notDone)
                    .as("futures not done right after cancel, maxConcurrency %d", max)
                    .hasValue(0);
        }
    }
}
