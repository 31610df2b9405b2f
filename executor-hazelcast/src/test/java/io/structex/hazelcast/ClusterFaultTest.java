package io.structex.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.IMap;
import io.structex.TaskFuture;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Faults with members in child JVMs, started and killed (SIGKILL) by these tests only, by their own
 * Process handles. Heartbeats are short (TestCluster), so a lost member is seen in seconds.
 */
@Timeout(180)
class ClusterFaultTest {

    private final List<Process> children = new ArrayList<>();

    /** What each child member printed after READY, by its name. */
    private final java.util.Map<String, List<String>> memberSaid =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** The threads that read each child member's output; each ends when its member exited. */
    private final java.util.Map<String, Thread> readers =
            new java.util.concurrent.ConcurrentHashMap<>();

    private TestCluster local;

    @AfterEach
    void stopEverything() {
        for (Process p : children) {
            p.destroyForcibly();
        }
        if (local != null) {
            local.close();
        }
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static String testClassPath() {
        return System.getProperty(
                "surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** Starts a member JVM and returns once it printed READY (it has joined). */
    private Process startMember(String cluster, int port, String name, String classPath)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx128m"));
        command.addAll(Arrays.asList(System.getProperty("hazelcast.jvm.flags", "").split(" ")));
        command.removeIf(String::isBlank);
        command.addAll(
                List.of("-cp", classPath, MemberMain.class.getName(), cluster, "" + port, name));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        children.add(p);
        BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("READY")) {
                List<String> said = java.util.Collections.synchronizedList(new ArrayList<>());
                memberSaid.put(name, said);
                readers.put(name, Thread.ofVirtual().start(() -> out.lines().forEach(said::add)));
                return p;
            }
        }
        throw new IllegalStateException("member " + name + " exited before it joined");
    }

    /** Records each run (id, member) in an IMap, waits 3 s, returns the member's name. */
    record RecordedRun(int id)
            implements Callable<String>, HazelcastInstanceAware, java.io.Serializable {
        static final java.util.concurrent.ConcurrentHashMap<Integer, HazelcastInstance> ON =
                new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void setHazelcastInstance(HazelcastInstance hazelcast) {
            ON.put(id, hazelcast); // in the member's JVM: its own map
        }

        @Override
        public String call() throws Exception {
            HazelcastInstance member = ON.get(id);
            IMap<String, String> runs = member.getMap("runs");
            runs.put(id + "@" + member.getName() + "#" + System.nanoTime(), member.getName());
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                System.out.println("INTERRUPTED " + id); // a child member's output: memberSaid
                throw e;
            }
            System.out.println("ENDED " + id);
            return member.getName();
        }
    }

    private static List<String> runsOf(IMap<String, String> runs, int id) {
        return runs.entrySet().stream()
                .filter(e -> e.getKey().startsWith(id + "@"))
                .map(java.util.Map.Entry::getValue)
                .toList();
    }

    /** Waits until every task has recorded a run; there is no event to wait on but the map. */
    private static void awaitRuns(IMap<String, String> runs, int n) {
        while (runs.size() < n) {
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    private List<TaskFuture<String>> killOneMemberWhileTasksRun(int retries, int port)
            throws Exception {
        return stopOneMemberWhileTasksRun(retries, port, false);
    }

    /** 3 members, 9 tasks of 3 s round-robin; once all run, the victim is killed or shut down. */
    private List<TaskFuture<String>> stopOneMemberWhileTasksRun(
            int retries, int port, boolean graceful) throws Exception {
        String name = "faults-" + port;
        local = new TestCluster(name, port, 1);
        Thread second =
                Thread.ofVirtual()
                        .start(
                                () -> {
                                    try {
                                        startMember(
                                                name, port, name + "-survivor", testClassPath());
                                    } catch (IOException e) {
                                        throw new IllegalStateException(e);
                                    }
                                });
        Process victim = startMember(name, port, name + "-victim", testClassPath());
        second.join();
        HazelcastInstance me = local.member(0);
        while (me.getCluster().getMembers().size() < 3) {
            Thread.onSpinWait();
        }
        ClusterExecutor executor = ClusterExecutor.builder(me).retries(retries).open();
        List<TaskFuture<String>> futures =
                IntStream.range(0, 9).mapToObj(i -> executor.submit(new RecordedRun(i))).toList();
        awaitRuns(me.getMap("runs"), 9);
        if (graceful) {
            victim.getOutputStream().write("shutdown\n".getBytes(StandardCharsets.UTF_8));
            victim.getOutputStream().flush();
        } else {
            victim.destroyForcibly(); // SIGKILL
        }
        executor.close(); // no future hangs
        return futures;
    }

    @Test
    void memberKilled_noRetries_itsTasksFailWithTaskLost_othersUndisturbed() throws Exception {
        List<TaskFuture<String>> futures = killOneMemberWhileTasksRun(0, 16701);
        IMap<String, String> runs = local.member(0).getMap("runs");
        int lost = 0;
        for (int id = 0; id < futures.size(); id++) {
            TaskFuture<String> f = futures.get(id);
            List<String> ranOn = runsOf(runs, id);
            assertThat(ranOn).hasSize(1);
            if (ranOn.get(0).endsWith("-victim")) {
                lost++;
                assertThatThrownBy(f::get)
                        .isInstanceOf(ExecutionException.class)
                        .cause()
                        .isInstanceOf(TaskLostException.class)
                        .hasMessageContaining("1 attempt(s)");
            } else {
                assertThat(f.get()).isEqualTo(ranOn.get(0));
            }
        }
        assertThat(lost).isEqualTo(3); // round-robin over 3 members
    }

    @Test
    void memberKilled_twoRetries_everyTaskCompletesOnceElsewhere() throws Exception {
        List<TaskFuture<String>> futures = killOneMemberWhileTasksRun(2, 16721);
        IMap<String, String> runs = local.member(0).getMap("runs");
        for (int id = 0; id < futures.size(); id++) {
            String result = futures.get(id).get();
            List<String> ranOn = runsOf(runs, id);
            assertThat(result).doesNotEndWith("-victim");
            // exactly one run off the victim, the one that completed; the others died with it
            assertThat(ranOn.stream().filter(m -> !m.endsWith("-victim")).toList())
                    .containsExactly(result);
            assertThat(ranOn.size()).isBetween(1, 3);
        }
        assertThat(futures.stream().map(Future::state).collect(Collectors.toSet()))
                .containsOnly(Future.State.SUCCESS);
    }

    @Test
    void memberShutsDownGracefully_itsRunningTasksEndAndAnswer() throws Exception {
        List<TaskFuture<String>> futures = stopOneMemberWhileTasksRun(0, 16761, true);
        IMap<String, String> runs = local.member(0).getMap("runs");
        readers.get("faults-16761-victim").join(); // it said GONE and exited
        List<String> victimSaid = memberSaid.get("faults-16761-victim");
        for (int id = 0; id < futures.size(); id++) {
            List<String> ranOn = runsOf(runs, id);
            assertThat(ranOn).hasSize(1); // with retries(0): once, where it was sent
            assertThat(futures.get(id).get()).isEqualTo(ranOn.get(0)); // and it answered
            if (ranOn.get(0).endsWith("-victim")) {
                assertThat(victimSaid.indexOf("ENDED " + id))
                        .isBetween(0, victimSaid.indexOf("GONE"));
            }
        }
    }

    @Test
    void clientJvm_shutdownFalse_exitsOnlyAfterItsRemoteTaskEnded() throws Exception {
        local = new TestCluster("exit-client", 16781, 1);
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx128m"));
        command.addAll(Arrays.asList(System.getProperty("hazelcast.jvm.flags", "").split(" ")));
        command.removeIf(String::isBlank);
        command.addAll(
                List.of(
                        "-cp",
                        testClassPath(),
                        ClientExitMain.class.getName(),
                        "exit-client",
                        "16781",
                        "k1"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        children.add(p);
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
        assertThat(output).contains("MAIN RETURNS RUNNING").contains("AT EXIT SUCCESS");
        assertThat(local.member(0).getMap("exit").get("k1")).isEqualTo("done");
    }

    @Test
    void classMissingOnTheMember_failsTheFutureSayingSo() throws Exception {
        Path memberOnly = Files.createTempDirectory("member-classes");
        for (Class<?> c : List.of(MemberMain.class, TestCluster.class)) {
            String file = c.getName().replace('.', '/') + ".class";
            Path target = memberOnly.resolve(file);
            Files.createDirectories(target.getParent());
            try (var in = c.getClassLoader().getResourceAsStream(file)) {
                Files.copy(in, target);
            }
        }
        String classPath =
                Arrays.stream(testClassPath().split(File.pathSeparator))
                                .filter(e -> !e.endsWith("test-classes"))
                                .collect(Collectors.joining(File.pathSeparator))
                        + File.pathSeparator
                        + memberOnly;
        String name = "faults-cnf";
        startMember(name, 16741, name + "-1", classPath);
        HazelcastInstance client =
                com.hazelcast.client.HazelcastClient.newHazelcastClient(
                        TestCluster.clientConfig(name, 16741));
        try (ClusterExecutor executor = ClusterExecutor.open(client)) {
            TaskFuture<Integer> f = executor.submit(() -> 42);
            assertThatThrownBy(f::get)
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .hasMessageContaining("class path lacks")
                    .hasMessageContaining(ClusterFaultTest.class.getName());
        } finally {
            client.shutdown();
        }
    }
}
