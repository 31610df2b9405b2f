package io.structex;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code deadline()}, inherited by child scopes, and {@code current()}. */
@Timeout(60)
class DeadlineAndCurrentTest {

    @Test
    void deadline_noTimeout_isEmpty() {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            assertThat(executor.deadline()).isEmpty();
        }
    }

    @Test
    void deadline_timeout_isOpenPlusTimeout() {
        Instant before = Instant.now();
        try (StructuredExecutor executor =
                StructuredExecutor.builder().timeout(Duration.ofHours(1)).open()) {
            Instant after = Instant.now();
            assertThat(executor.deadline())
                    .hasValueSatisfying(
                            d ->
                                    assertThat(d)
                                            .isBetween(
                                                    before.plus(Duration.ofHours(1)),
                                                    after.plus(Duration.ofHours(1))));
        }
    }

    @Test
    void deadline_hugeTimeout_saturates() {
        try (StructuredExecutor executor =
                StructuredExecutor.builder().timeout(Duration.ofSeconds(Long.MAX_VALUE)).open()) {
            assertThat(executor.deadline()).contains(Instant.MAX);
        }
    }

    private static Optional<Instant> childDeadline(
            StructuredExecutor parent, StructuredExecutorBuilder child) throws Exception {
        return parent.submit(
                        () -> {
                            try (StructuredExecutor c = child.open()) {
                                return c.deadline();
                            }
                        })
                .get();
    }

    @Test
    void deadline_childWithoutTimeout_inheritsParents() throws Exception {
        try (StructuredExecutor parent =
                StructuredExecutor.builder().timeout(Duration.ofHours(1)).open()) {
            assertThat(childDeadline(parent, StructuredExecutor.builder()))
                    .isEqualTo(parent.deadline());
        }
    }

    @Test
    void deadline_childLongerTimeout_parentsEarlierWins() throws Exception {
        try (StructuredExecutor parent =
                StructuredExecutor.builder().timeout(Duration.ofHours(1)).open()) {
            assertThat(
                            childDeadline(
                                    parent,
                                    StructuredExecutor.builder().timeout(Duration.ofDays(1))))
                    .isEqualTo(parent.deadline());
        }
    }

    @Test
    void deadline_childShorterTimeout_ownWins() throws Exception {
        try (StructuredExecutor parent =
                StructuredExecutor.builder().timeout(Duration.ofHours(1)).open()) {
            Optional<Instant> child =
                    childDeadline(
                            parent, StructuredExecutor.builder().timeout(Duration.ofMinutes(1)));
            assertThat(child).isPresent();
            assertThat(child.get()).isBefore(parent.deadline().orElseThrow());
        }
    }

    @Test
    void deadline_grandchild_inheritsGrandparents() throws Exception {
        try (StructuredExecutor root =
                StructuredExecutor.builder().timeout(Duration.ofHours(1)).open()) {
            Optional<Instant> grandchild =
                    root.submit(
                                    () -> {
                                        try (StructuredExecutor child = StructuredExecutor.open()) {
                                            return childDeadline(
                                                    child, StructuredExecutor.builder());
                                        }
                                    })
                            .get();
            assertThat(grandchild).isEqualTo(root.deadline());
        }
    }

    @Test
    void deadline_parentsPasses_childTasksCancelled() throws Exception {
        StructuredExecutor parent =
                StructuredExecutor.builder().timeout(Duration.ofMillis(200)).open();
        CountDownLatch interrupted = new CountDownLatch(1);
        AtomicReference<Future<?>> childTask = new AtomicReference<>();
        parent.submit(
                () -> {
                    try (StructuredExecutor child = StructuredExecutor.open()) {
                        childTask.set(
                                child.submit(
                                        () -> {
                                            try {
                                                new CountDownLatch(1).await();
                                            } finally {
                                                interrupted.countDown();
                                            }
                                            return null;
                                        }));
                    }
                    return null;
                });
        interrupted.await(); // the parent's deadline reached the child's task
        assertThat(childTask.get().isCancelled()).isTrue();
        try {
            parent.close();
        } catch (ScopeFailedException expected) {
            assertThat(expected).hasCauseInstanceOf(java.util.concurrent.TimeoutException.class);
        }
    }

    @Test
    void current_outsideTasks_isEmpty() {
        assertThat(StructuredExecutor.current()).isEmpty();
    }

    @Test
    void current_inTask_isItsExecutor() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            assertThat(executor.submit(StructuredExecutor::current).get()).contains(executor);
        }
    }

    @Test
    void current_inBoundedWorker_isItsExecutor() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.builder().maxConcurrency(1).open()) {
            for (int i = 0; i < 3; i++) { // the same worker thread runs them in turn
                executor.submit(() -> {});
            }
            assertThat(executor.submit(StructuredExecutor::current).get()).contains(executor);
        }
    }

    @Test
    void current_inChildTask_isTheChild() throws Exception {
        try (StructuredExecutor parent = StructuredExecutor.open()) {
            boolean[] same = new boolean[1];
            parent.submit(
                            () -> {
                                try (StructuredExecutor child = StructuredExecutor.open()) {
                                    same[0] =
                                            child.submit(StructuredExecutor::current)
                                                            .get()
                                                            .orElseThrow()
                                                    == child;
                                }
                                return null;
                            })
                    .get();
            assertThat(same[0]).isTrue();
        }
    }

    @Test
    void current_inThreadStartedByTask_isEmpty() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            Optional<StructuredExecutor> seen =
                    executor.submit(
                                    () -> {
                                        AtomicReference<Optional<StructuredExecutor>> r =
                                                new AtomicReference<>();
                                        Thread.ofVirtual()
                                                .start(() -> r.set(StructuredExecutor.current()))
                                                .join();
                                        return r.get();
                                    })
                            .get();
            assertThat(seen).isEmpty();
        }
    }

    @Test
    void current_customThreadFactory_isItsExecutor() throws Exception {
        try (StructuredExecutor executor =
                StructuredExecutor.builder().threadFactory(Thread.ofVirtual().factory()).open()) {
            assertThat(executor.submit(StructuredExecutor::current).get()).contains(executor);
        }
    }
}
