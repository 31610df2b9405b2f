package io.structex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Futures.wait and Futures.asCompleted: Python's module functions. */
@Timeout(60)
class FuturesTest {

    private static CompletableFuture<String> done(String value) {
        return CompletableFuture.completedFuture(value);
    }

    private static CompletableFuture<String> failed() {
        return CompletableFuture.failedFuture(new IllegalStateException("failed"));
    }

    private static CompletableFuture<String> cancelled() {
        CompletableFuture<String> f = new CompletableFuture<>();
        f.cancel(false);
        return f;
    }

    @Test
    void wait_allCompleted_returnsWhenEveryFutureIsDone() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            List<TaskFuture<Integer>> fs =
                    List.of(executor.submit(() -> 1), executor.submit(() -> 2));
            DoneAndNotDone<TaskFuture<Integer>> split = Futures.wait(fs, ReturnWhen.ALL_COMPLETED);
            assertThat(split.done()).containsExactlyElementsOf(fs);
            assertThat(split.notDone()).isEmpty();
        }
    }

    @Test
    void wait_firstCompleted_returnsWhenOneIsDone() throws Exception {
        CompletableFuture<String> pending = new CompletableFuture<>();
        CompletableFuture<String> finished = done("x");
        DoneAndNotDone<CompletableFuture<String>> split =
                Futures.wait(List.of(pending, finished), ReturnWhen.FIRST_COMPLETED);
        assertThat(split.done()).containsExactly(finished);
        assertThat(split.notDone()).containsExactly(pending);
    }

    @Test
    void wait_firstException_returnsAtTheFirstFailure() throws Exception {
        CompletableFuture<String> pending = new CompletableFuture<>();
        CompletableFuture<String> failure = failed();
        DoneAndNotDone<CompletableFuture<String>> split =
                Futures.wait(List.of(pending, failure), ReturnWhen.FIRST_EXCEPTION);
        assertThat(split.done()).containsExactly(failure);
        assertThat(split.notDone()).containsExactly(pending);
    }

    /**
     * A cancelled future is done, not failed: FIRST_EXCEPTION keeps waiting for the others. The
     * other future is completed only once the waiting thread is parked in wait().
     */
    @Test
    void wait_firstException_cancellationIsNotAnException() throws Exception {
        CompletableFuture<String> cancelled = cancelled();
        CompletableFuture<String> later = new CompletableFuture<>();
        Thread waiter = Thread.currentThread();
        AtomicBoolean returned = new AtomicBoolean();
        Thread completer =
                Thread.ofPlatform()
                        .start(
                                () -> {
                                    Latches.spinUntil(
                                            () ->
                                                    returned.get()
                                                            || waiter.getState()
                                                                    == Thread.State.WAITING
                                                            || waiter.getState()
                                                                    == Thread.State.TIMED_WAITING);
                                    later.complete("late");
                                });
        DoneAndNotDone<CompletableFuture<String>> split =
                Futures.wait(List.of(cancelled, later), ReturnWhen.FIRST_EXCEPTION);
        returned.set(true);
        completer.join();
        assertThat(split.notDone()).as("wait returned before every future was done").isEmpty();
    }

    /** CPython's wait() could hang on cancelled futures (gh-92001). */
    @Test
    void wait_cancelledFutures_countAsDone_andNeverHang() throws Exception {
        List<CompletableFuture<String>> fs = List.of(cancelled(), cancelled());
        for (ReturnWhen when : ReturnWhen.values()) {
            assertThat(Futures.wait(fs, when).done()).containsExactlyElementsOf(fs);
        }
    }

    @Test
    void wait_timeoutPasses_returnsTheSplitAsItStands() throws Exception {
        CompletableFuture<String> pending = new CompletableFuture<>();
        CompletableFuture<String> finished = done("x");
        DoneAndNotDone<CompletableFuture<String>> split =
                Futures.wait(
                        List.of(finished, pending),
                        ReturnWhen.ALL_COMPLETED,
                        Duration.ofMillis(10));
        assertThat(split.done()).containsExactly(finished);
        assertThat(split.notDone()).containsExactly(pending);
    }

    @Test
    void wait_duplicates_areReturnedOnce() throws Exception {
        CompletableFuture<String> f = done("x");
        assertThat(Futures.wait(List.of(f, f, f), ReturnWhen.ALL_COMPLETED).done()).hasSize(1);
    }

    @Test
    void wait_empty_returnsAtOnce() throws Exception {
        DoneAndNotDone<Future<?>> split = Futures.wait(List.of(), ReturnWhen.ALL_COMPLETED);
        assertThat(split.done()).isEmpty();
        assertThat(split.notDone()).isEmpty();
    }

    @Test
    void wait_jdkExecutorFutures_work() throws Exception {
        try (ExecutorService jdk = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> fs = List.of(jdk.submit(() -> 1), jdk.submit(() -> 2));
            assertThat(Futures.wait(fs, ReturnWhen.ALL_COMPLETED).done()).hasSize(2);
        }
    }

    @Test
    void wait_otherFutureTypes_arePolledUntilDone() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        FutureTask<String> plain =
                new FutureTask<>(
                        () -> {
                            release.await();
                            return "plain";
                        });
        Thread.ofPlatform().start(plain);
        Thread.ofPlatform().start(release::countDown);
        assertThat(Futures.wait(List.of(plain), ReturnWhen.ALL_COMPLETED).done())
                .containsExactly(plain);
    }

    @Test
    void wait_badInput_throwsAtTheCall() {
        assertThatThrownBy(() -> Futures.wait(null, ReturnWhen.ALL_COMPLETED))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Futures.wait(List.of(done("x")), null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(
                        () ->
                                Futures.wait(
                                        Arrays.asList(done("x"), null), ReturnWhen.ALL_COMPLETED))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(
                        () ->
                                Futures.wait(
                                        List.of(done("x")),
                                        ReturnWhen.ALL_COMPLETED,
                                        Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wait_interrupted_throwsInterruptedException() {
        Thread.currentThread().interrupt();
        assertThatThrownBy(
                        () ->
                                Futures.wait(
                                        List.of(new CompletableFuture<>()),
                                        ReturnWhen.ALL_COMPLETED))
                .isInstanceOf(InterruptedException.class);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void asCompleted_yieldsInCompletionOrder() {
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();
        var stream = Futures.asCompleted(List.of(first, second));
        second.complete("completes first");
        first.complete("completes second");
        assertThat(stream.toList()).containsExactly(second, first);
    }

    @Test
    void asCompleted_alreadyDoneFutures_comeFirst_inInputOrder() {
        CompletableFuture<String> a = done("a");
        CompletableFuture<String> b = failed();
        CompletableFuture<String> c = cancelled();
        assertThat(Futures.asCompleted(List.of(a, b, c)).toList()).containsExactly(a, b, c);
    }

    @Test
    void asCompleted_deadlinePasses_throwsCompletionExceptionWithTimeout() {
        CompletableFuture<String> finished = done("x");
        CompletableFuture<String> never = new CompletableFuture<>();
        var it = Futures.asCompleted(List.of(finished, never), Duration.ofMillis(10)).iterator();
        assertThat(it.next()).isSameAs(finished);
        assertThatThrownBy(it::next)
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(TimeoutException.class);
    }

    @Test
    void asCompleted_duplicates_areYieldedOnce() {
        CompletableFuture<String> f = done("x");
        assertThat(Futures.asCompleted(List.of(f, f)).toList()).containsExactly(f);
    }

    @Test
    void asCompleted_taskFuturesAndPolledFutures_allYielded() throws Exception {
        FutureTask<String> plain = new FutureTask<>(() -> "plain");
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            TaskFuture<String> task = executor.submit(() -> "task");
            Thread.ofPlatform().start(plain);
            List<Future<String>> fs = List.of(task, plain);
            assertThat(Futures.asCompleted(fs).toList()).containsExactlyInAnyOrder(task, plain);
        }
    }

    @Test
    void asCompleted_interrupted_throwsCompletionException_andKeepsTheFlag() {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread.currentThread().interrupt();
        try {
            Futures.asCompleted(List.of(new CompletableFuture<>())).toList();
        } catch (CompletionException e) {
            thrown.set(e.getCause());
        }
        assertThat(Thread.interrupted()).isTrue();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    }
}
