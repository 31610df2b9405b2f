package io.structex.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.map.IMap;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.structex.ScopeFailedException;
import io.structex.StructuredExecutor;
import io.structex.TaskFuture;
import io.structex.micrometer.StructuredExecutorMetrics;
import java.io.IOException;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ClusterExecutor's semantics on a real 3-member cluster in this JVM (one for the whole class).
 * Tasks run on the members' threads of this same JVM, so static latches reach them.
 */
@Timeout(120)
class ClusterExecutorTest {

    private static TestCluster cluster;
    private static HazelcastInstance local;

    static volatile CountDownLatch started = new CountDownLatch(1);
    static volatile CountDownLatch release = new CountDownLatch(1);
    static final AtomicInteger inFlight = new AtomicInteger();
    static final AtomicInteger maxInFlight = new AtomicInteger();

    @BeforeAll
    static void startCluster() {
        cluster = new TestCluster("semantics", 15701, 3);
        local = cluster.member(0);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @BeforeEach
    void resetLatches() {
        started = new CountDownLatch(1);
        release = new CountDownLatch(1);
        inFlight.set(0);
        maxInFlight.set(0);
    }

    /** The member whose executor thread runs the caller: "hz.semantics-2.structex..." */
    static String memberOfThread() {
        String thread = Thread.currentThread().getName();
        int at = thread.indexOf("semantics-");
        return at < 0 ? thread : thread.substring(at, at + "semantics-1".length());
    }

    /** Waits (uninterruptibly unless told) for the test's release; counts this run in flight. */
    static String blockUntilReleased() throws InterruptedException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            started.countDown();
            release.await();
            return memberOfThread();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Test
    void submit_lambda_runsOnAMemberAndReturns() throws Exception {
        try (ClusterExecutor executor = ClusterExecutor.open(local)) {
            TaskFuture<String> f = executor.submit(() -> "ran on " + memberOfThread());
            assertThat(f.get()).startsWith("ran on semantics-");
        }
    }

    @Test
    void submit_manyTasks_spreadOverEveryMember() throws Exception {
        try (ClusterExecutor executor = ClusterExecutor.open(local)) {
            List<Future<String>> futures =
                    IntStream.range(0, 30)
                            .mapToObj(i -> executor.submit(ClusterExecutorTest::memberOfThread))
                            .map(f -> (Future<String>) f)
                            .toList();
            Set<String> members = new java.util.HashSet<>();
            for (Future<String> f : futures) {
                members.add(f.get());
            }
            assertThat(members)
                    .containsExactlyInAnyOrder("semantics-1", "semantics-2", "semantics-3");
        }
    }

    /**
     * Waiting for a remote run starts no platform thread beyond what Hazelcast starts for the same
     * runs. On 2 cores Hazelcast starts one per remote future (its default executor is a thread per
     * call there), and a callback registered with whenComplete or whenCompleteAsync would start a
     * second: structex would start twice Hazelcast's count. With 4+ cores both are near 0.
     */
    @Test
    void waitingForRemoteRuns_startsNoThreadBeyondHazelcasts() throws Exception {
        int n = 200;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        IExecutorService plain = local.getExecutorService("structex");
        long before = threads.getTotalStartedThreadCount();
        List<Future<Integer>> remote = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            remote.add(plain.submit(new Identity(i)));
        }
        for (Future<Integer> f : remote) {
            f.get();
        }
        long hazelcasts = threads.getTotalStartedThreadCount() - before;

        before = threads.getTotalStartedThreadCount();
        try (ClusterExecutor executor = ClusterExecutor.open(local)) {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(executor.submit((Callable<Integer>) new Identity(i)));
            }
            for (Future<Integer> f : futures) {
                f.get();
            }
        }
        long structexs = threads.getTotalStartedThreadCount() - before;

        assertThat(structexs)
                .as("platform threads started for %d tasks: Hazelcast %d, structex", n, hazelcasts)
                .isLessThanOrEqualTo(hazelcasts + n / 4);
    }

    /** A trivial serializable task. */
    record Identity(int x) implements Callable<Integer>, java.io.Serializable {
        @Override
        public Integer call() {
            return x;
        }
    }

    @Test
    void close_waitsForRemoteTasks() throws Exception {
        ClusterExecutor executor = ClusterExecutor.open(local);
        TaskFuture<String> f = executor.submit(ClusterExecutorTest::blockUntilReleased);
        started.await();
        Thread closer = Thread.ofVirtual().start(executor::close);
        assertThat(f.isDone()).isFalse();
        assertThat(executor.pendingCount()).isEqualTo(1);
        release.countDown();
        closer.join();
        assertThat(f.state()).isEqualTo(Future.State.SUCCESS);
        assertThat(executor.isTerminated()).isTrue();
    }

    @Test
    void taskFailure_isTheCauseOfExecutionException() {
        try (ClusterExecutor executor = ClusterExecutor.open(local)) {
            TaskFuture<Object> f =
                    executor.submit(
                            () -> {
                                throw new IOException("remote failure");
                            });
            assertThatThrownBy(f::get)
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(IOException.class)
                    .hasMessage("remote failure");
        }
    }

    /** Waits on the member until interrupted, then records the interrupt in an IMap. */
    record WaitsUntilInterrupted(String key)
            implements Callable<String>, HazelcastInstanceAware, java.io.Serializable {
        static final ConcurrentHashMap<String, HazelcastInstance> MEMBERS =
                new ConcurrentHashMap<>();

        @Override
        public void setHazelcastInstance(HazelcastInstance hazelcast) {
            MEMBERS.put(key, hazelcast);
        }

        @Override
        public String call() throws Exception {
            String outcome = "not interrupted";
            try {
                started.countDown();
                new CountDownLatch(1).await();
                return outcome;
            } catch (InterruptedException e) {
                outcome = "interrupted";
                throw e;
            } finally {
                IMap<String, String> effects = MEMBERS.get(key).getMap("effects");
                effects.put(key, outcome);
            }
        }
    }

    private static String awaitEffect(String key) {
        IMap<String, String> effects = local.getMap("effects");
        for (; ; ) { // no event to wait on across the cluster: poll the map
            String v = effects.get(key);
            if (v != null) {
                return v;
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    @Test
    void cancelTrue_interruptsTheRemoteRun() throws Exception {
        try (ClusterExecutor executor = ClusterExecutor.open(local)) {
            TaskFuture<String> f = executor.submit(new WaitsUntilInterrupted("cancel"));
            started.await();
            assertThat(f.cancel(true)).isTrue();
            assertThat(awaitEffect("cancel")).isEqualTo("interrupted");
        }
    }

    @Test
    void failFast_cancelsTheOtherRemoteRuns() throws Exception {
        ClusterExecutor executor = ClusterExecutor.builder(local).failFast(true).open();
        TaskFuture<String> waiting = executor.submit(new WaitsUntilInterrupted("failFast"));
        started.await();
        executor.submit(
                () -> {
                    throw new IllegalStateException("first failure");
                });
        assertThatThrownBy(executor::close)
                .isInstanceOf(ScopeFailedException.class)
                .hasRootCauseMessage("first failure");
        assertThat(waiting.isCancelled()).isTrue();
        assertThat(awaitEffect("failFast")).isEqualTo("interrupted");
    }

    @Test
    void timeout_cancelsTheRemoteRuns() throws Exception {
        ClusterExecutor executor =
                ClusterExecutor.builder(local).timeout(Duration.ofMillis(300)).open();
        executor.submit(new WaitsUntilInterrupted("timeout"));
        assertThatThrownBy(executor::close)
                .isInstanceOf(ScopeFailedException.class)
                .hasCauseInstanceOf(java.util.concurrent.TimeoutException.class);
        assertThat(awaitEffect("timeout")).isEqualTo("interrupted");
    }

    @Test
    void maxConcurrency_boundsTasksInFlight() throws Exception {
        try (ClusterExecutor executor = ClusterExecutor.builder(local).maxConcurrency(2).open()) {
            List<TaskFuture<String>> futures =
                    IntStream.range(0, 8)
                            .mapToObj(i -> executor.submit(ClusterExecutorTest::blockUntilReleased))
                            .toList();
            started.await();
            release.countDown();
            for (TaskFuture<String> f : futures) {
                f.get();
            }
            assertThat(maxInFlight.get()).isBetween(1, 2);
        }
    }

    @Test
    void map_resultsInInputOrder() {
        try (ClusterExecutor executor = ClusterExecutor.open(local)) {
            List<Integer> squares =
                    executor.map((Integer i) -> i * i, List.of(1, 2, 3, 4, 5, 6)).toList();
            assertThat(squares).containsExactly(1, 4, 9, 16, 25, 36);
        }
    }

    @Test
    void invokeAll_and_invokeAny_runRemotely() throws Exception {
        try (ClusterExecutor executor = ClusterExecutor.open(local)) {
            List<RemoteCallable<String>> tasks = List.of(() -> "a", () -> "b");
            List<Future<String>> all = executor.invokeAll(tasks);
            assertThat(all.get(0).get() + all.get(1).get()).isEqualTo("ab");
            assertThat(executor.invokeAny(tasks)).isIn("a", "b");
        }
    }

    @Test
    void childScope_ofAStructexTask_isWaitedForAndCancelledByItsParent() throws Exception {
        StructuredExecutor parent = StructuredExecutor.open();
        parent.submit(
                () -> {
                    ClusterExecutor child = ClusterExecutor.open(local);
                    child.submit(new WaitsUntilInterrupted("child"));
                    child.shutdown(false);
                    return null;
                });
        started.await();
        parent.shutdownNow(); // reaches the child scope, and its remote run
        parent.close();
        assertThat(awaitEffect("child")).isEqualTo("interrupted");
    }

    static final class NotSerializable {}

    @Test
    void submit_capturesNonSerializable_rejectedAtSubmitWithFieldPath() {
        try (ClusterExecutor executor = ClusterExecutor.open(local)) {
            NotSerializable captured = new NotSerializable();
            assertThatThrownBy(() -> executor.submit(() -> captured.hashCode()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(NotSerializable.class.getName())
                    .hasMessageContaining("task.arg$1");
            assertThat(executor.pendingCount()).isZero();
            assertThat(executor.stats().submitted()).isZero();
        }
    }

    @Test
    void submit_anonymousInnerClass_rejectedNamingTheEnclosingInstance() {
        try (ClusterExecutor executor = ClusterExecutor.open(local)) {
            Callable<String> inner =
                    new RemoteCallable<>() { // Serializable itself, but holds this test instance
                        @Override
                        public String call() {
                            return "never sent";
                        }
                    };
            assertThatThrownBy(() -> executor.submit(inner))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(ClusterExecutorTest.class.getName())
                    .hasMessageContaining("this$0");
            assertThat(executor.pendingCount()).isZero();
        }
    }

    @Test
    void submit_afterShutdown_rejected() {
        ClusterExecutor executor = ClusterExecutor.open(local);
        executor.shutdown();
        assertThatThrownBy(() -> executor.submit(() -> 1))
                .isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void describe_andToString_nameTheScope() throws Exception {
        try (ClusterExecutor executor = ClusterExecutor.builder(local).name("words").open()) {
            TaskFuture<String> f = executor.submit(ClusterExecutorTest::blockUntilReleased);
            try {
                started.await();
                assertThat(executor.toString())
                        .isEqualTo("ClusterExecutor[words, RUNNING, pending=1, executor=structex]");
                assertThat(executor.describe())
                        .contains("a task without a thread, waiting for its remote run on member");
            } finally {
                release.countDown();
            }
            f.get();
        }
    }

    @Test
    void submit_doneCallbackRunsOnAVirtualThread_neverOnHazelcasts() throws Exception {
        CompletableFuture<Thread> callbackThread = new CompletableFuture<>();
        try (ClusterExecutor executor = ClusterExecutor.open(local)) {
            TaskFuture<String> f = executor.submit(ClusterExecutorTest::blockUntilReleased);
            f.addDoneCallback(done -> callbackThread.complete(Thread.currentThread()));
            started.await(); // the callback is added before the remote run can answer
            release.countDown();
            assertThat(callbackThread.get().isVirtual()).isTrue();
        }
    }

    @Test
    @SuppressWarnings("unchecked") // Hazelcast's futures are CompletionStages of their type
    void submit_fromHazelcastsResponseThread_isSentFromAnotherThread() throws Exception {
        IExecutorService raw = local.getExecutorService("structex");
        AtomicReference<String> callbackThread = new AtomicReference<>();
        CompletableFuture<TaskFuture<String>> submitted = new CompletableFuture<>();
        try (ClusterExecutor executor = ClusterExecutor.open(local)) {
            Future<String> remote =
                    raw.submitToMember(
                            (Callable<String> & Serializable)
                                    ClusterExecutorTest::blockUntilReleased,
                            cluster.member(1).getCluster().getLocalMember());
            var unused =
                    ((CompletionStage<String>) remote)
                            .handleAsync( // runs on the thread that completes the remote future
                                    (value, failure) -> {
                                        callbackThread.set(Thread.currentThread().getName());
                                        return submitted.complete(
                                                executor.submit(
                                                        ClusterExecutorTest::memberOfThread));
                                    },
                                    Runnable::run);
            started.await(); // the callback is registered before the remote run can answer
            release.countDown();
            assertThat(submitted.get().get()).startsWith("semantics-");
        }
        assertThat(callbackThread.get()).contains("response"); // one that may not send
    }

    @Test
    void client_submitMapAndCancel_work() throws Exception {
        HazelcastInstance client = cluster.client();
        try (ClusterExecutor executor = ClusterExecutor.open(client)) {
            assertThat(executor.submit(ClusterExecutorTest::memberOfThread).get())
                    .startsWith("semantics-");
            assertThat(executor.map((String s) -> s.length(), List.of("a", "bb")).toList())
                    .containsExactly(1, 2);
            TaskFuture<String> f = executor.submit(new WaitsUntilInterrupted("client"));
            started.await();
            f.cancel(true);
            assertThat(awaitEffect("client")).isEqualTo("interrupted");
        } finally {
            client.shutdown();
        }
    }

    @Test
    void memberShutsDownGracefully_runningTaskAnswers_aTaskArrivingThenRunsElsewhere()
            throws Exception {
        HazelcastInstance extra = cluster.addMember(c -> c);
        String leaving = extra.getName();
        awaitMembers(4);
        started = new CountDownLatch(4);
        try (ClusterExecutor executor = ClusterExecutor.open(local)) {
            List<TaskFuture<String>> running =
                    IntStream.range(0, 4) // round-robin: one on each member, the leaving one too
                            .mapToObj(i -> executor.submit(ClusterExecutorTest::blockUntilReleased))
                            .toList();
            started.await();
            Thread shutdown = Thread.ofVirtual().start(extra::shutdown);
            while (Arrays.stream(shutdown.getStackTrace())
                    .noneMatch(f -> f.getMethodName().equals("awaitIdle"))) {
                Thread.onSpinWait(); // until the leaving member waits for its running task
            }
            List<TaskFuture<String>> late =
                    IntStream.range(0, 4)
                            .mapToObj(i -> executor.submit(ClusterExecutorTest::memberOfThread))
                            .toList();
            for (TaskFuture<String> f : late) {
                assertThat(f.get()).startsWith("semantics-").isNotEqualTo(leaving);
            }
            release.countDown();
            shutdown.join();
            assertThat(running.stream().map(Future::resultNow).toList()).contains(leaving);
        } finally {
            cluster.members.remove(extra);
            awaitMembers(3);
        }
    }

    /** Neither Serializable nor writable by Compact serialization (a field of type Object). */
    static final class Unsendable {
        final Object state = new Object();
    }

    @Test
    void micrometer_supplierForm_countsTheScopesRemoteTasks() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ClusterExecutor executor = ClusterExecutor.builder(local).name("remote").open()) {
            new StructuredExecutorMetrics(executor.name(), executor::stats, Tags.empty())
                    .bindTo(registry);
            for (int i = 0; i < 3; i++) {
                executor.submit(ClusterExecutorTest::memberOfThread).get();
            }
        }
        assertThat(registry.get("structex.tasks.submitted").tag("name", "remote").functionCounter())
                .extracting(c -> c.count())
                .isEqualTo(3.0);
        assertThat(
                        registry.get("structex.tasks.completed")
                                .tags("name", "remote", "outcome", "success")
                                .functionCounter()
                                .count())
                .isEqualTo(3.0);
        assertThat(registry.get("structex.tasks.pending").gauge().value()).isZero();
    }

    @Test
    void submit_resultNotSerializable_failsThatFutureNamingTheClass() throws Exception {
        try (ClusterExecutor executor = ClusterExecutor.open(local)) {
            List<TaskFuture<Unsendable>> futures =
                    IntStream.range(0, 3) // round-robin: one local run, two remote
                            .mapToObj(i -> executor.submit(Unsendable::new))
                            .toList();
            executor.shutdown(true);
            List<Throwable> failures =
                    futures.stream()
                            .filter(f -> f.state() == Future.State.FAILED)
                            .map(Future::exceptionNow)
                            .toList();
            assertThat(failures).hasSize(2); // a local result is handed over, not serialized
            assertThat(failures)
                    .allSatisfy(
                            t ->
                                    assertThat(t)
                                            .isInstanceOf(IllegalStateException.class)
                                            .hasMessageContaining("result")
                                            .hasMessageContaining(Unsendable.class.getName()));
        }
    }

    @Test
    void map_itemNotSerializable_failsThatStepNamingTheClass() {
        try (ClusterExecutor executor = ClusterExecutor.open(local)) {
            List<Object> items = List.of("a", new Unsendable(), "c");
            assertThatThrownBy(() -> executor.map((Object o) -> o.toString(), items).toList())
                    .isInstanceOf(java.util.concurrent.CompletionException.class)
                    .cause()
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the map item " + Unsendable.class.getName());
        }
    }

    @Test
    void localInstanceShutsDown_pendingFuturesFailAndCloseReturns() throws Exception {
        HazelcastInstance extra = cluster.addMember(c -> c);
        ClusterExecutor executor = ClusterExecutor.open(extra);
        List<TaskFuture<String>> futures =
                IntStream.range(0, 6)
                        .mapToObj(i -> executor.submit(ClusterExecutorTest::blockUntilReleased))
                        .toList();
        started.await();
        Thread shutdown = Thread.ofVirtual().start(extra::shutdown);
        executor.close(); // does not hang: the pending futures failed when the shutdown began
        release.countDown();
        shutdown.join();
        for (TaskFuture<String> f : futures) {
            if (f.state() == Future.State.FAILED) {
                assertThat(f.exceptionNow()).hasMessageContaining("shut down");
            }
        }
        assertThat(futures.stream().map(Future::state).collect(Collectors.toSet()))
                .contains(Future.State.FAILED);
        cluster.members.remove(extra);
        awaitMembers(3);
    }

    /** Until the local member sees n members (the next test must not pick one that left). */
    private static void awaitMembers(int n) {
        while (local.getCluster().getMembers().size() != n) {
            Thread.onSpinWait(); // no event to wait on but the member list
        }
    }
}
