package io.structex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** StripedCounter: the two halves of the pending count. */
@Timeout(60)
class StripedCounterTest {

    @Test
    void increment_fromOneThread_sumsExactly() {
        StripedCounter counter = new StripedCounter();
        for (int i = 0; i < 1_000; i++) {
            counter.increment();
        }
        assertThat(counter.sum()).isEqualTo(1_000);
    }

    @Test
    void increment_fromManyThreadsAtOnce_losesNothing() throws Exception {
        StripedCounter counter = new StripedCounter();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(
                    Thread.ofPlatform()
                            .start(
                                    () -> {
                                        Latches.awaitUninterruptibly(go);
                                        for (int i = 0; i < 100_000; i++) {
                                            counter.increment();
                                        }
                                    }));
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(counter.sum()).isEqualTo(800_000);
    }
}
