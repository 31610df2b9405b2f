package io.structex;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What structex lets go of: a future that {@code asCompleted} or {@code wait} has handed back, a
 * result that {@code map} has yielded (CPython's test_free_reference_yielded_future and
 * test_free_reference), and an idle child scope that nobody references.
 */
@Timeout(120)
class RetentionTest {

    /** Collects garbage until the reference is cleared; false if it is still set after 20 s. */
    static boolean collected(WeakReference<?> ref) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (ref.get() != null && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(10); // lets the reference handler and the keeper run between collections
        }
        return ref.get() == null;
    }

    @Test
    void asCompleted_doesNotKeepTheFuturesItHasYielded() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            CountDownLatch never = new CountDownLatch(1);
            List<TaskFuture<Object>> futures = new ArrayList<>();
            futures.add(executor.submit(() -> new byte[1 << 20]));
            futures.add(
                    executor.submit(
                            () -> {
                                never.await();
                                return null;
                            }));
            futures.get(0).get();
            try (Stream<TaskFuture<Object>> completed = Futures.asCompleted(futures)) {
                Iterator<TaskFuture<Object>> it = completed.iterator();
                TaskFuture<Object> first = it.next();
                futures.remove(first);
                WeakReference<TaskFuture<Object>> yielded = new WeakReference<>(first);
                first = null;
                assertThat(collected(yielded)).as("a yielded future is collectable").isTrue();
            } finally {
                never.countDown();
            }
        }
    }

    @Test
    void wait_doesNotKeepTheDoneFuturesThroughTheOthers() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            CountDownLatch never = new CountDownLatch(1);
            List<TaskFuture<Object>> futures = new ArrayList<>();
            futures.add(executor.submit(() -> new byte[1 << 20]));
            TaskFuture<Object> running =
                    executor.submit(
                            () -> {
                                never.await();
                                return null;
                            });
            futures.add(running);
            futures.get(0).get();
            DoneAndNotDone<TaskFuture<Object>> split =
                    Futures.wait(futures, ReturnWhen.FIRST_COMPLETED);
            assertThat(split.notDone()).containsExactly(running);
            WeakReference<TaskFuture<Object>> done = new WeakReference<>(futures.remove(0));
            split = null;
            assertThat(collected(done)).as("a done future is collectable").isTrue();
            never.countDown();
        }
    }

    @Test
    void map_doesNotKeepTheResultsItHasYielded() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            CountDownLatch never = new CountDownLatch(1);
            try (Stream<Object> results =
                    executor.map(
                            i -> {
                                if (i == 1) {
                                    never.await();
                                }
                                return new byte[1 << 20];
                            },
                            List.of(0, 1))) {
                Iterator<Object> it = results.iterator();
                WeakReference<Object> yielded = new WeakReference<>(it.next());
                assertThat(collected(yielded)).as("a yielded result is collectable").isTrue();
            } finally {
                never.countDown();
            }
        }
    }

    @Test
    void idleChildNeverShutDown_isCollectable() throws Exception {
        try (StructuredExecutor parent = StructuredExecutor.open()) {
            WeakReference<StructuredExecutor> child =
                    parent.submit(
                                    () -> {
                                        StructuredExecutor c = StructuredExecutor.open();
                                        assertThat(c.parent).isSameAs(parent);
                                        c.submit(() -> 1).get();
                                        return new WeakReference<>(c);
                                    })
                            .get();
            assertThat(collected(child))
                    .as("an idle child nobody references is collectable")
                    .isTrue();
        }
    }

    @Test
    void parentWhoseTasksOpenAMillionChildren_keepsAFlatHeap() throws Exception {
        int children = 1_000_000;
        try (StructuredExecutor parent = StructuredExecutor.open()) {
            long usedAfterFirst =
                    parent.submit(
                                    () -> {
                                        long afterFirst = 0;
                                        for (int i = 0; i < children; i++) {
                                            StructuredExecutor child = StructuredExecutor.open();
                                            child.submit(() -> 1).get();
                                            if (i == 10_000) {
                                                afterFirst = usedHeap();
                                            }
                                        }
                                        return afterFirst;
                                    })
                            .get();
            long usedAtEnd = usedHeap();
            assertThat(usedAtEnd)
                    .as("heap after %d children, against after 10k", children)
                    .isLessThan(usedAfterFirst + (64L << 20));
        }
    }

    private static long usedHeap() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100); // the keeper lets go of children seen idle
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
