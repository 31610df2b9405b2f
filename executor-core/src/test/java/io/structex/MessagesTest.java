package io.structex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Messages that say enough on their own, durations as a person writes them, the void body. */
@Timeout(60)
class MessagesTest {

    @Test
    void durations_areWrittenAsAPersonWritesThem() {
        assertThat(Durations.format(TimeUnit.MILLISECONDS.toNanos(150))).isEqualTo("150 ms");
        assertThat(Durations.format(TimeUnit.MILLISECONDS.toNanos(2500))).isEqualTo("2.5 s");
        assertThat(Durations.format(TimeUnit.MINUTES.toNanos(1))).isEqualTo("1 min");
        assertThat(Durations.format(TimeUnit.MINUTES.toNanos(90))).isEqualTo("1.5 h");
        assertThat(Durations.format(TimeUnit.DAYS.toNanos(2))).isEqualTo("2 d");
        assertThat(Durations.format(1_500)).isEqualTo("1.5 µs");
        assertThat(Durations.format(7)).isEqualTo("7 ns");
        assertThat(Durations.format(0)).isEqualTo("0 s");
        assertThat(Durations.format(Long.MAX_VALUE)).isEqualTo("106751.9 d");
    }

    @Test
    void getWithTimeout_timesOut_sayingHowLongInWords() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            TaskFuture<Object> f =
                    executor.submit(
                            () -> {
                                never.await();
                                return null;
                            });
            assertThatThrownBy(() -> f.get(150, TimeUnit.MILLISECONDS))
                    .isInstanceOf(TimeoutException.class)
                    .hasMessage("task not done after 150 ms");
            assertThatThrownBy(() -> f.get(Duration.ofMillis(20)))
                    .isInstanceOf(TimeoutException.class)
                    .hasMessage("task not done after 20 ms");
            assertThatThrownBy(() -> f.exception(Duration.ofMillis(20)))
                    .isInstanceOf(TimeoutException.class)
                    .hasMessage("task not done after 20 ms");
            never.countDown();
        }
    }

    @Test
    void failFast_scopeFailedException_namesTheFailureAndItsThread() {
        StructuredExecutor executor =
                StructuredExecutor.builder().name("orders").failFast(true).open();
        executor.submit(
                () -> {
                    throw new IOException("disk full");
                });
        ScopeFailedException e = catchThrowableOfType(ScopeFailedException.class, executor::close);
        assertThat(e)
                .hasMessageStartingWith("a task of StructuredExecutor[orders")
                .hasMessageContaining("failed with java.io.IOException: disk full")
                .hasMessageContaining("on thread orders-1")
                .hasMessageEndingWith("; the others were cancelled");
    }

    @Test
    void timeout_scopeFailedException_saysHowLongAndWhatWasPending() throws Exception {
        CountDownLatch started = new CountDownLatch(2);
        StructuredExecutor executor =
                StructuredExecutor.builder().name("slow").timeout(Duration.ofMillis(300)).open();
        for (int i = 0; i < 2; i++) {
            executor.submit(
                    () -> {
                        started.countDown();
                        new CountDownLatch(1).await();
                        return null;
                    });
        }
        started.await();
        ScopeFailedException e = catchThrowableOfType(ScopeFailedException.class, executor::close);
        assertThat(e)
                .hasMessageContaining("the timeout of StructuredExecutor[slow")
                .hasMessageContaining("(300 ms) elapsed with 2 task(s) pending")
                .hasMessageContaining("slow-1")
                .hasMessageContaining("slow-2");
        assertThat(e.getCause())
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("300 ms");
    }

    @Test
    void close_fromATaskOfItsOwn_namesTheMethodThatWasCalled() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            String message =
                    executor.submit(
                                    () -> {
                                        try {
                                            executor.close();
                                            return "close returned";
                                        } catch (IllegalStateException e) {
                                            return e.getMessage();
                                        }
                                    })
                            .get();
            assertThat(message)
                    .startsWith("close() called from a task of StructuredExecutor[")
                    .endsWith("it would wait for itself (cannot join current thread)");
        }
    }

    @Test
    void submitAction_aVoidBodyThatThrowsCheckedExceptions_needsNoReturn(@TempDir Path dir)
            throws Exception {
        Path file = Files.createFile(dir.resolve("temp.txt"));
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            TaskFuture<Void> deleted = executor.submitAction(() -> Files.delete(file));
            assertThat(deleted.get()).isNull();
            assertThat(file).doesNotExist();
            TaskFuture<Void> again = executor.submitAction(() -> Files.delete(file));
            assertThatThrownBy(again::get)
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(NoSuchFileException.class);
        }
    }

    @Test
    void submitAction_null_throwsNullPointerException_nothingSubmitted() {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            assertThatThrownBy(() -> executor.submitAction(null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("action");
            assertThat(executor.stats().submitted()).isZero();
        }
    }
}
