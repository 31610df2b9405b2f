package io.structex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** WaitQueue: the tasks that wait for a maxConcurrency slot. */
@Timeout(60)
class WaitQueueTest {

    private static StructuredTask<Integer> task() {
        return new StructuredTask<>(() -> 1);
    }

    @Test
    void poll_returnsTasksInOfferOrder_thenNull() {
        WaitQueue queue = new WaitQueue();
        List<StructuredTask<?>> offered = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            StructuredTask<Integer> t = task();
            queue.offer(t);
            offered.add(t);
        }
        List<StructuredTask<?>> polled = new ArrayList<>();
        for (StructuredTask<?> t; (t = queue.poll()) != null; ) {
            polled.add(t);
        }
        assertThat(polled).containsExactlyElementsOf(offered);
        assertThat(queue.poll()).isNull();
    }

    @Test
    void isEmpty_followsOffersAndPolls() {
        WaitQueue queue = new WaitQueue();
        assertThat(queue.isEmpty()).isTrue();
        queue.offer(task());
        assertThat(queue.isEmpty()).isFalse();
        queue.poll();
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void remove_takesTheTaskOut_andPollSkipsIt() {
        WaitQueue queue = new WaitQueue();
        StructuredTask<Integer> first = task();
        StructuredTask<Integer> middle = task();
        StructuredTask<Integer> last = task();
        queue.offer(first);
        queue.offer(middle);
        queue.offer(last);
        assertThat(queue.remove(middle)).isTrue();
        assertThat(queue.remove(middle)).isFalse();
        assertThat(queue.poll()).isSameAs(first);
        assertThat(queue.poll()).isSameAs(last);
        assertThat(queue.poll()).isNull();
    }

    @Test
    void isEmpty_whenOnlyRemovedTasksAreLeft_isTrue() {
        WaitQueue queue = new WaitQueue();
        StructuredTask<Integer> t = task();
        queue.offer(t);
        queue.remove(t);
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.poll()).isNull();
    }

    @Test
    void remove_ofATaskAlreadyPolled_isFalse() {
        WaitQueue queue = new WaitQueue();
        StructuredTask<Integer> t = task();
        queue.offer(t);
        assertThat(queue.poll()).isSameAs(t);
        assertThat(queue.remove(t)).isFalse();
    }

    @Test
    void offer_afterTheQueueWasEmptiedManyTimes_stillLinks() {
        WaitQueue queue = new WaitQueue();
        for (int i = 0; i < 10_000; i++) {
            StructuredTask<Integer> t = task();
            queue.offer(t);
            assertThat(queue.poll()).isSameAs(t);
        }
        StructuredTask<Integer> t = task();
        queue.offer(t);
        assertThat(queue.poll()).isSameAs(t);
    }

    @Test
    void offersPollsAndRemovesAtOnce_everyTaskLeavesExactlyOnce() throws Exception {
        WaitQueue queue = new WaitQueue();
        int producers = 4;
        int perProducer = 50_000;
        Set<StructuredTask<?>> left = ConcurrentHashMap.newKeySet();
        AtomicInteger twice = new AtomicInteger();
        AtomicInteger producing = new AtomicInteger(producers);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            threads.add(
                    Thread.ofPlatform()
                            .start(
                                    () -> {
                                        Latches.awaitUninterruptibly(go);
                                        for (int i = 0; i < perProducer; i++) {
                                            StructuredTask<Integer> t = task();
                                            queue.offer(t);
                                            // every 16th is taken back by remove, as a helper
                                            if (i % 16 == 0 && queue.remove(t) && !left.add(t)) {
                                                twice.incrementAndGet();
                                            }
                                        }
                                        producing.decrementAndGet();
                                    }));
        }
        for (int c = 0; c < 3; c++) {
            threads.add(
                    Thread.ofPlatform()
                            .start(
                                    () -> {
                                        Latches.awaitUninterruptibly(go);
                                        while (producing.get() > 0 || !queue.isEmpty()) {
                                            StructuredTask<?> t = queue.poll();
                                            if (t != null && !left.add(t)) {
                                                twice.incrementAndGet();
                                            }
                                        }
                                    }));
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(twice).hasValue(0);
        assertThat(left).hasSize(producers * perProducer);
        assertThat(queue.poll()).isNull();
    }
}
