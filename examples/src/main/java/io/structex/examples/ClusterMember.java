package io.structex.examples;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.structex.hazelcast.ClusterSecurity;

/**
 * A Hazelcast member for {@link ClusterWordCount}: {@code ClusterMember <name>}. It joins the
 * example's cluster on the loopback interface and runs until the cluster is shut down. Every member
 * (this one, and the example's own) refuses to deserialize any class but this package's tasks.
 */
public final class ClusterMember {

    static final String CLUSTER = "structex-wordcount";
    static final int PORT = 5801;

    private ClusterMember() {}

    /** The member configuration: loopback, TCP-IP join, no multicast, no phone-home. */
    static Config config(String name) {
        Config config = new Config();
        config.setClusterName(CLUSTER);
        config.setInstanceName(name);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "none");
        config.setProperty("hazelcast.partition.count", "31");
        var network = config.getNetworkConfig();
        network.setPort(PORT).setPortAutoIncrement(true).setPortCount(5);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        network.getJoin().getMulticastConfig().setEnabled(false);
        network.getJoin().getAutoDetectionConfig().setEnabled(false);
        network.getJoin().getTcpIpConfig().setEnabled(true);
        for (int port = PORT; port < PORT + 5; port++) {
            network.getJoin().getTcpIpConfig().addMember("127.0.0.1:" + port);
        }
        return ClusterSecurity.allowOnlyTasksFrom(config, "io.structex.examples");
    }

    public static void main(String[] args) {
        System.setProperty("member.name", args[0]); // what the tasks report
        HazelcastInstance member = Hazelcast.newHazelcastInstance(config(args[0]));
        System.out.println("READY " + member.getName());
    }
}
