package io.structex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** map: Python's Executor.map, with 3.14's buffersize. */
@Timeout(60)
class MapTest {

    private static final CountDownLatch NEVER = new CountDownLatch(1);

    /** Blocks until interrupted: the proof of cancelling is close() returning. */
    private static Integer blockForever(Integer item) throws InterruptedException {
        NEVER.await();
        return item;
    }

    /** An endless input that counts how many items were taken from it. */
    private static Iterable<Integer> endless(AtomicInteger taken) {
        return () ->
                new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return true;
                    }

                    @Override
                    public Integer next() {
                        return taken.getAndIncrement();
                    }
                };
    }

    @Test
    void map_yieldsResultsInInputOrder_evenWhenTheyFinishOutOfOrder() {
        CountDownLatch lastDone = new CountDownLatch(1);
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            List<Integer> results =
                    executor.map(
                                    i -> {
                                        if (i == 0) {
                                            lastDone.await(); // the first item finishes last
                                        } else if (i == 9) {
                                            lastDone.countDown();
                                        }
                                        return i * 10;
                                    },
                                    IntStream.range(0, 10).boxed().toList())
                            .toList();
            assertThat(results).containsExactly(0, 10, 20, 30, 40, 50, 60, 70, 80, 90);
        }
    }

    @Test
    void map_withoutBufferSize_submitsEveryItemInsideTheCall() {
        CountDownLatch release = new CountDownLatch(1);
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            try (Stream<Integer> results =
                    executor.map(
                            i -> {
                                release.await();
                                return i;
                            },
                            List.of(1, 2, 3, 4, 5))) {
                assertThat(executor.pendingCount()).isEqualTo(5);
                release.countDown();
                assertThat(results.toList()).containsExactly(1, 2, 3, 4, 5);
            }
        }
    }

    @Test
    void map_failedTask_throwsCompletionExceptionWithItsCause_andCancelsTheRest() {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            Stream<Integer> results =
                    executor.map(
                            i -> {
                                if (i == 0) {
                                    throw new java.io.IOException("item 0 fails");
                                }
                                return blockForever(i);
                            },
                            List.of(0, 1, 2));
            assertThatThrownBy(results::toList)
                    .isInstanceOf(CompletionException.class)
                    .cause()
                    .isInstanceOf(java.io.IOException.class)
                    .hasMessage("item 0 fails");
        } // returns: items 1 and 2 were cancelled
    }

    @Test
    void map_failedTask_surfacesOnlyWhenTheStreamReachesIt() {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            Iterator<Integer> results =
                    executor.map(
                                    i -> {
                                        if (i == 2) {
                                            throw new IllegalStateException("item 2 fails");
                                        }
                                        return i;
                                    },
                                    List.of(0, 1, 2))
                            .iterator();
            assertThat(results.next()).isZero();
            assertThat(results.next()).isEqualTo(1);
            assertThatThrownBy(results::next)
                    .isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void map_deadlinePasses_throwsCompletionExceptionWithTimeout_andCancelsTheRest() {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            Stream<Integer> results =
                    executor.map(
                            MapTest::blockForever,
                            List.of(1, 2, 3),
                            MapOptions.defaults().timeout(Duration.ofMillis(20)));
            assertThatThrownBy(results::toList)
                    .isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(TimeoutException.class);
        } // returns: every task was cancelled
    }

    /** Blocks until interrupted, counting the interrupt: proof that its task was cancelled. */
    private static Integer blockUntilInterrupted(
            Integer item, CountDownLatch started, CountDownLatch interrupted) {
        started.countDown();
        try {
            NEVER.await();
        } catch (InterruptedException e) {
            interrupted.countDown();
        }
        return item;
    }

    @Test
    void map_streamClosedAfterOneResult_cancelsTheNotYetYielded() throws Exception {
        CountDownLatch started = new CountDownLatch(2);
        CountDownLatch interrupted = new CountDownLatch(2);
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            try (Stream<Integer> results =
                    executor.map(
                            i -> i == 0 ? 0 : blockUntilInterrupted(i, started, interrupted),
                            List.of(0, 1, 2))) {
                assertThat(results.iterator().next()).isZero();
                started.await();
            }
            assertThat(interrupted.await(30, TimeUnit.SECONDS))
                    .as("items 1 and 2 interrupted")
                    .isTrue();
            executor.shutdown(true);
            assertThat(executor.stats().cancelled()).isEqualTo(2);
        }
    }

    @Test
    void map_streamClosedWithoutBeingConsumed_cancelsEveryTask() throws Exception {
        CountDownLatch started = new CountDownLatch(3);
        CountDownLatch interrupted = new CountDownLatch(3);
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            Stream<Integer> results =
                    executor.map(
                            i -> blockUntilInterrupted(i, started, interrupted), List.of(1, 2, 3));
            started.await();
            results.close();
            assertThat(interrupted.await(30, TimeUnit.SECONDS))
                    .as("every item interrupted")
                    .isTrue();
            executor.shutdown(true);
            assertThat(executor.stats().cancelled()).isEqualTo(3);
        }
    }

    @Test
    void map_afterShutdown_throwsRejectedExecutionExceptionAtOnce() {
        StructuredExecutor executor = StructuredExecutor.open();
        executor.shutdown();
        assertThatThrownBy(() -> executor.map(i -> i, List.of()))
                .isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("cannot schedule new futures after shutdown");
    }

    @Test
    void map_inputIteratorThrows_propagates_andCancelsWhatWasSubmitted() {
        Iterable<Integer> failingInput =
                () ->
                        new Iterator<>() {
                            private int n;

                            @Override
                            public boolean hasNext() {
                                return true;
                            }

                            @Override
                            public Integer next() {
                                if (n == 2) {
                                    throw new IllegalStateException("input fails at item 2");
                                }
                                return n++;
                            }
                        };
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            assertThatThrownBy(() -> executor.map(MapTest::blockForever, failingInput))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("input fails at item 2");
        } // returns: the two submitted tasks were cancelled
    }

    /** Shuts down and waits a bounded time: a count left over would hang close() for good. */
    private static void assertTerminates(StructuredExecutor executor) {
        executor.shutdown();
        try {
            assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void map_countsEachItemOnce_whateverTheInputSize() {
        // map() reserves pending counts in batches; the ones it does not use must go back.
        int items = 2 * Admission.RESERVATION + 1;
        StructuredExecutor executor = StructuredExecutor.open();
        assertThat(executor.map(i -> i, IntStream.range(0, items).boxed().toList()).toList())
                .hasSize(items);
        assertThat(executor.map(i -> i, List.of(1, 2, 3)).toList()).hasSize(3);
        assertTerminates(executor);
        ExecutorStats stats = executor.stats();
        assertThat(stats.submitted()).isEqualTo(items + 3);
        assertThat(stats.completed()).isEqualTo(items + 3);
        assertThat(stats.pending()).isZero();
    }

    @Test
    void map_inputIteratorThrows_countsOnlyTheSubmittedItems() {
        Iterable<Integer> failingInput =
                () ->
                        IntStream.range(0, 3)
                                .boxed()
                                .map(
                                        i -> {
                                            if (i == 2) {
                                                throw new IllegalStateException(
                                                        "input fails at item 2");
                                            }
                                            return i;
                                        })
                                .iterator();
        StructuredExecutor executor = StructuredExecutor.open();
        assertThatThrownBy(() -> executor.map(MapTest::blockForever, failingInput))
                .isInstanceOf(IllegalStateException.class);
        assertTerminates(executor); // nothing reserved was left counted as pending
        assertThat(executor.stats().submitted()).isEqualTo(2);
        assertThat(executor.stats().cancelled()).isEqualTo(2);
    }

    @Test
    void map_decoratorThrowsPartWay_propagates_andLeavesNothingPending() {
        AtomicInteger decorated = new AtomicInteger();
        TaskDecorator failsOnTheThird =
                task -> {
                    if (decorated.incrementAndGet() == 3) {
                        throw new IllegalStateException("decorator fails");
                    }
                    return task;
                };
        StructuredExecutor executor =
                StructuredExecutor.builder().taskDecorator(failsOnTheThird).open();
        assertThatThrownBy(() -> executor.map(MapTest::blockForever, List.of(1, 2, 3, 4)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("decorator fails");
        assertTerminates(executor); // the two submitted tasks were cancelled, no count was lost
        assertThat(executor.stats().submitted()).isEqualTo(2);
        assertThat(executor.stats().cancelled()).isEqualTo(2);
    }

    @Test
    void map_bufferSize_submitsNUpFront_thenOneMorePerResult() {
        AtomicInteger taken = new AtomicInteger();
        try (StructuredExecutor executor = StructuredExecutor.open();
                Stream<Integer> results =
                        executor.map(
                                i -> i * 2, endless(taken), MapOptions.defaults().bufferSize(3))) {
            assertThat(taken).hasValue(3);
            Iterator<Integer> it = results.iterator();
            for (int k = 1; k <= 5; k++) {
                assertThat(it.next()).isEqualTo((k - 1) * 2);
                assertThat(taken).hasValue(3 + k);
            }
        }
    }

    /**
     * Counts items taken from the input against results yielded, not pendingCount(): a yielded task
     * stays pending until its thread has finished, a moment after its result is out.
     */
    @Test
    void map_bufferSize_endlessInput_keepsAtMostBufferSizePlusOneInFlight() {
        AtomicInteger taken = new AtomicInteger();
        AtomicInteger yielded = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        try (StructuredExecutor executor = StructuredExecutor.open();
                Stream<Integer> results =
                        executor.map(
                                i -> i, endless(taken), MapOptions.defaults().bufferSize(50))) {
            long sum =
                    results.limit(20_000)
                            .peek(
                                    r ->
                                            mostInFlight.accumulateAndGet(
                                                    taken.get() - yielded.getAndIncrement(),
                                                    Math::max))
                            .mapToLong(Integer::longValue)
                            .sum();
            assertThat(sum).isEqualTo(19_999L * 20_000L / 2);
        }
        assertThat(mostInFlight.get()).isLessThanOrEqualTo(51);
    }

    @Test
    void map_streamKeepsNoReferenceToYieldedResults() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (StructuredExecutor executor = StructuredExecutor.open();
                Stream<Object> results =
                        executor.map(
                                i -> {
                                    if (i == 1) {
                                        release.await();
                                    }
                                    return new byte[1 << 20];
                                },
                                List.of(0, 1))) {
            Iterator<Object> it = results.iterator();
            WeakReference<Object> first = new WeakReference<>(it.next());
            for (int i = 0; i < 10 && first.get() != null; i++) {
                System.gc();
            }
            assertThat(first.get()).as("the first result, after it was yielded").isNull();
            release.countDown();
            assertThat(it.next()).isNotNull();
        }
    }

    @Test
    void map_badInput_throwsAtTheCall_andSubmitsNothing() {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            assertThatThrownBy(() -> executor.map(null, List.of(1)))
                    .isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> executor.map(i -> i, (Iterable<Integer>) null))
                    .isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> executor.map(i -> i, List.of(1), null))
                    .isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> MapOptions.defaults().bufferSize(0))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> MapOptions.defaults().timeout(Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> MapOptions.defaults().timeout(null))
                    .isInstanceOf(NullPointerException.class);
            assertThat(executor.pendingCount()).isZero();
        }
    }

    @Test
    void map_withMaxConcurrency_yieldsEveryResultInOrder() {
        try (StructuredExecutor executor = StructuredExecutor.builder().maxConcurrency(3).open()) {
            assertThat(executor.map(i -> i + 1, IntStream.range(0, 500).boxed().toList()).toList())
                    .isEqualTo(IntStream.range(1, 501).boxed().toList());
        }
    }

    @Test
    void map_bufferSize_neverRunsMoreThanNBodies_andKeepsNRunningAheadOfASlowConsumer()
            throws Exception {
        int n = 3;
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostRunning = new AtomicInteger();
        CountDownLatch firstNStarted = new CountDownLatch(n);
        CountDownLatch nPlusOneStarted = new CountDownLatch(n + 1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        CountDownLatch gotFirst = new CountDownLatch(1);
        CountDownLatch slowConsumer = new CountDownLatch(1);
        try (StructuredExecutor executor = StructuredExecutor.open();
                Stream<Integer> results =
                        executor.map(
                                i -> {
                                    mostRunning.accumulateAndGet(
                                            running.incrementAndGet(), Math::max);
                                    firstNStarted.countDown();
                                    nPlusOneStarted.countDown();
                                    try {
                                        (i == 0 ? releaseFirst : NEVER).await();
                                        return i;
                                    } finally {
                                        running.decrementAndGet();
                                    }
                                },
                                IntStream.range(0, 100).boxed().toList(),
                                MapOptions.defaults().bufferSize(n))) {
            Thread consumer =
                    Thread.ofVirtual()
                            .start(
                                    () -> {
                                        Iterator<Integer> it = results.iterator();
                                        if (it.next() == 0) {
                                            gotFirst.countDown();
                                        }
                                        try {
                                            slowConsumer.await();
                                        } catch (InterruptedException e) {
                                            Thread.currentThread().interrupt();
                                        }
                                    });
            firstNStarted.await();
            while (consumer.getState() != Thread.State.WAITING) { // parked for the first result
                Thread.onSpinWait();
            }
            assertThat(executor.pendingCount())
                    .as("submitted while waiting for the head")
                    .isEqualTo(n);
            releaseFirst.countDown();
            gotFirst.await();
            nPlusOneStarted.await(); // the next item started once the head's result was out
            assertThat(running).as("running ahead of the slow consumer").hasValue(n);
            assertThat(mostRunning.get()).isLessThanOrEqualTo(n);
            slowConsumer.countDown();
            consumer.join();
        }
    }

    @Test
    void map_overAStream_yieldsTheResultsInOrder() {
        try (StructuredExecutor executor = StructuredExecutor.open();
                Stream<Integer> results = executor.map(i -> i * 2, Stream.of(1, 2, 3))) {
            assertThat(results.toList()).containsExactly(2, 4, 6);
        }
    }

    @Test
    void map_overAnInfiniteStream_withBufferSize_isLazy_andClosingClosesTheSource() {
        AtomicInteger taken = new AtomicInteger();
        AtomicInteger sourceClosed = new AtomicInteger();
        Stream<Integer> endless =
                Stream.iterate(0, i -> i + 1)
                        .peek(i -> taken.incrementAndGet())
                        .onClose(sourceClosed::incrementAndGet);
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            try (Stream<Integer> results =
                    executor.map(i -> i * 2, endless, MapOptions.defaults().bufferSize(4))) {
                assertThat(results.limit(5).toList()).containsExactly(0, 2, 4, 6, 8);
            }
            assertThat(taken.get()).isBetween(5, 9);
            assertThat(sourceClosed).hasValue(1);
        }
    }

    @Test
    void map_nullStream_throwsNullPointerException_nothingSubmitted() {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            assertThatThrownBy(() -> executor.map(i -> i, (Stream<Integer>) null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("items");
            assertThat(executor.stats().submitted()).isZero();
        }
    }
}
