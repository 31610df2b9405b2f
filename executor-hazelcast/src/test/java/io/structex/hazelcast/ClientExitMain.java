package io.structex.hazelcast;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import io.structex.TaskFuture;
import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A client JVM for the exit-promise test: {@code ClientExitMain <cluster> <basePort>}. It submits
 * one task of 1 s to the cluster through a scope that closes the client when it terminates, calls
 * {@code shutdown(false)} and returns from main; a shutdown hook prints the state of the task's
 * future when the JVM exits.
 */
public final class ClientExitMain {

    private ClientExitMain() {}

    /** Sleeps 1 s on the member, then writes "done" into the IMap "exit" under its key. */
    record SlowWrite(String key) implements Callable<String>, HazelcastInstanceAware, Serializable {
        static final java.util.concurrent.ConcurrentHashMap<String, HazelcastInstance> ON =
                new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void setHazelcastInstance(HazelcastInstance hazelcast) {
            ON.put(key, hazelcast);
        }

        @Override
        public String call() throws InterruptedException {
            Thread.sleep(1_000);
            ON.get(key).getMap("exit").put(key, "done");
            return "done";
        }
    }

    public static void main(String[] args) {
        HazelcastInstance client =
                HazelcastClient.newHazelcastClient(
                        TestCluster.clientConfig(args[0], Integer.parseInt(args[1])));
        ClusterExecutor executor = ClusterExecutor.builder(client).closesInstance(true).open();
        TaskFuture<String> f = executor.submit(new SlowWrite(args[2]));
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> System.out.println("AT EXIT " + f.state())));
        executor.shutdown(false);
        System.out.println("MAIN RETURNS " + f.state());
    }
}
