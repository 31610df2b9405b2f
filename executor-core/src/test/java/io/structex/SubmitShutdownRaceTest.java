package io.structex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

/** A submit racing a shutdown either runs its task exactly once or is rejected: never lost. */
@Timeout(120)
class SubmitShutdownRaceTest {

    private static final int SUBMITTERS = 4;
    private static final int SUBMITS_EACH = 2_000;

    @RepeatedTest(20)
    void submitRacingShutdown_everyAcceptedTaskRunsOnce_everyOtherIsRejected() throws Exception {
        StructuredExecutor executor = StructuredExecutor.open();
        AtomicInteger executed = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        int shutdownAfter = ThreadLocalRandom.current().nextInt(SUBMITTERS * SUBMITS_EACH);
        List<Thread> submitters = new ArrayList<>();
        List<TaskFuture<?>> futures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int s = 0; s < SUBMITTERS; s++) {
            submitters.add(Thread.ofPlatform().start(() -> {
                Latches.awaitUninterruptibly(go);
                for (int i = 0; i < SUBMITS_EACH; i++) {
                    try {
                        futures.add(executor.submit(executed::incrementAndGet));
                        if (accepted.incrementAndGet() == shutdownAfter) {
                            executor.shutdown(false);
                        }
                    } catch (RejectedExecutionException e) {
                        rejected.incrementAndGet();
                    }
                }
            }));
        }
        go.countDown();
        for (Thread t : submitters) {
            t.join();
        }
        executor.shutdown(false);
        executor.close();
        assertThat(accepted.get() + rejected.get()).isEqualTo(SUBMITTERS * SUBMITS_EACH);
        assertThat(executed).hasValue(accepted.get());
        assertThat(futures).allMatch(f -> f.isDone() && !f.isCancelled());
        assertThat(executor.pendingCount()).isZero();
        assertThat(executor.isTerminated()).isTrue();
    }
}
