package io.structex.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

/**
 * A cluster member in a child JVM, for the fault tests: {@code MemberMain <cluster> <basePort>
 * <instanceName> [allowedPackage]}. Prints READY when it has joined, then runs until killed, or
 * until it reads the line {@code shutdown} on its standard input: then it shuts down gracefully
 * ({@code HazelcastInstance.shutdown()}), prints GONE and exits.
 */
public final class MemberMain {

    private MemberMain() {}

    public static void main(String[] args) {
        Config config = TestCluster.memberConfig(args[0], Integer.parseInt(args[1]));
        config.setInstanceName(args[2]);
        if (args.length > 3) {
            ClusterSecurity.allowOnlyTasksFrom(config, args[3]);
        }
        HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
        System.out.println("READY " + member.getCluster().getLocalMember().getUuid());
        System.out.flush();
        try (var in =
                new java.io.BufferedReader(
                        new java.io.InputStreamReader(
                                System.in, java.nio.charset.StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.equals("shutdown")) {
                    member.shutdown();
                    System.out.println("GONE");
                    System.out.flush();
                    System.exit(0);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
