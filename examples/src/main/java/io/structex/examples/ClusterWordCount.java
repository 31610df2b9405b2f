package io.structex.examples;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.structex.hazelcast.ClusterExecutor;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The same scope over a cluster: this program starts two Hazelcast members in JVMs of their own,
 * joins them as a third, counts the words of a text with {@code map} over the cluster, prints which
 * member counted what, and shuts everything down.
 */
public final class ClusterWordCount {

    private ClusterWordCount() {}

    /** What a member sends back: its name and the counts of one chunk. */
    record Counted(int chunk, String member, TreeMap<String, Integer> counts)
            implements Serializable {}

    static Counted count(int chunk, String text) {
        TreeMap<String, Integer> counts = new TreeMap<>();
        for (String word : text.toLowerCase().split("[^a-z]+")) {
            if (!word.isEmpty()) {
                counts.merge(word, 1, Integer::sum);
            }
        }
        return new Counted(chunk, System.getProperty("member.name"), counts);
    }

    private static final String[] TEXT = {
        "The concurrent.futures module provides a high-level interface",
        "for asynchronously executing callables.",
        "The asynchronous execution can be performed with threads",
        "using ThreadPoolExecutor or InterpreterPoolExecutor,",
        "or separate processes, using ProcessPoolExecutor.",
        "Each implements the same interface, which is defined",
        "by the abstract Executor class.",
        "Executor is an abstract class that provides methods",
        "to execute calls asynchronously.",
        "It should not be used directly, but through its concrete subclasses."
    };

    public static void main(String[] args) throws Exception {
        List<Process> members = new ArrayList<>();
        for (String name : List.of("member-1", "member-2")) {
            members.add(startMember(name));
        }
        for (Process p : members) {
            awaitReady(p);
        }
        System.setProperty("member.name", "member-3 (this JVM)");
        HazelcastInstance hazelcast =
                Hazelcast.newHazelcastInstance(ClusterMember.config("member-3"));
        System.out.println("cluster: " + hazelcast.getCluster().getMembers().size() + " members");

        List<Integer> chunks = new ArrayList<>();
        for (int i = 0; i < TEXT.length; i++) {
            chunks.add(i);
        }
        String[] text = TEXT; // captured by the function, sent with it
        Map<String, Integer> total = new TreeMap<>();
        try (ClusterExecutor cluster = ClusterExecutor.builder(hazelcast).name("count").open()) {
            cluster.map((Integer i) -> count(i, text[i]), chunks)
                    .forEach(
                            c -> {
                                System.out.printf(
                                        "  chunk %d counted on %s: %d words%n",
                                        c.chunk() + 1,
                                        c.member(),
                                        c.counts().values().stream().mapToInt(n -> n).sum());
                                c.counts().forEach((w, n) -> total.merge(w, n, Integer::sum));
                            });
        }
        System.out.println("most frequent: " + top(total));
        hazelcast.getCluster().shutdown(); // every member, gracefully
        for (Process p : members) {
            p.waitFor(30, TimeUnit.SECONDS);
        }
        System.out.println("cluster shut down; exit.");
    }

    private static String top(Map<String, Integer> counts) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(3)
                .map(e -> e.getKey() + " x" + e.getValue())
                .toList()
                .toString();
    }

    private static Process startMember(String name) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(
                        java,
                        "-Xmx128m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        ClusterMember.class.getName(),
                        name)
                .redirectErrorStream(true)
                .start();
    }

    private static void awaitReady(Process member) throws Exception {
        BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(member.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("READY")) {
                Thread.ofVirtual().start(() -> out.lines().forEach(l -> {})); // drain the rest
                return;
            }
        }
        throw new IllegalStateException("a member exited before it joined");
    }
}
