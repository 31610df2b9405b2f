package consumer;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.structex.TaskFuture;
import io.structex.hazelcast.ClusterExecutor;
import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * Fails (exit 1) unless a task went through a member with structex resolved as the named module
 * io.structex.hazelcast: the member deserializes structex's wrapper by reflection.
 */
public class Main {

    record Hello(String who) implements Callable<String>, Serializable {
        @Override
        public String call() {
            return "hello " + who;
        }
    }

    public static void main(String[] args) throws Exception {
        Config config = new Config();
        config.setClusterName("jpms-consumer");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "none");
        config.getNetworkConfig().setPort(0);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = config.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
        String answer;
        try (ClusterExecutor executor = ClusterExecutor.open(member)) {
            TaskFuture<String> f = executor.submit((Callable<String>) new Hello("module"));
            answer = f.get();
        } finally {
            member.shutdown();
        }
        String module = ClusterExecutor.class.getModule().getName();
        System.out.println("JPMS cluster: " + answer + " via " + module);
        if (!"hello module".equals(answer) || !"io.structex.hazelcast".equals(module)) {
            System.exit(1);
        }
    }
}
