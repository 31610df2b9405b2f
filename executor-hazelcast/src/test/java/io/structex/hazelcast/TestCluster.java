package io.structex.hazelcast;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Embedded members for the tests: loopback only, TCP-IP join, multicast and phone-home off, short
 * heartbeats so that a lost member is seen in seconds. Each test class uses its own cluster name
 * and port range, so classes never join each other's members.
 */
final class TestCluster implements AutoCloseable {

    /** The settings a member needs to run here; shared with the child-JVM members. */
    static Config memberConfig(String clusterName, int basePort) {
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "none");
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "4");
        config.setProperty("hazelcast.partition.count", "31");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(basePort).setPortAutoIncrement(true).setPortCount(10);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true);
        for (int port = basePort; port < basePort + 10; port++) {
            join.getTcpIpConfig().addMember("127.0.0.1:" + port);
        }
        config.getExecutorConfig("structex").setPoolSize(8);
        return config;
    }

    static ClientConfig clientConfig(String clusterName, int basePort) {
        ClientConfig config = new ClientConfig();
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.logging.type", "none");
        config.getNetworkConfig()
                .addAddress("127.0.0.1:" + basePort, "127.0.0.1:" + (basePort + 1));
        return config;
    }

    final String name;
    final int basePort;
    final List<HazelcastInstance> members = new ArrayList<>();

    TestCluster(String name, int basePort, int size) {
        this(name, basePort, size, c -> c);
    }

    TestCluster(String name, int basePort, int size, UnaryOperator<Config> adjust) {
        this.name = name;
        this.basePort = basePort;
        for (int i = 0; i < size; i++) {
            addMember(adjust);
        }
    }

    HazelcastInstance addMember(UnaryOperator<Config> adjust) {
        Config config = adjust.apply(memberConfig(name, basePort));
        config.setInstanceName(name + "-" + (members.size() + 1));
        HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
        members.add(member);
        return member;
    }

    HazelcastInstance member(int i) {
        return members.get(i);
    }

    HazelcastInstance client() {
        return HazelcastClient.newHazelcastClient(clientConfig(name, basePort));
    }

    @Override
    public void close() {
        for (HazelcastInstance m : members) {
            try {
                m.getLifecycleService().terminate();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
    }
}
