package io.structex.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

/**
 * A cluster member in a child JVM, for the fault tests: {@code MemberMain <cluster> <basePort>
 * <instanceName> [allowedPackage]}. Prints READY when it has joined, then runs until killed.
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
    }
}
