package io.structex.hazelcast;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.ClassFilter;
import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.SerializationConfig;
import java.util.Objects;

/**
 * The safe way made the easy way. Members run the tasks they receive by Java deserialization, the
 * classic remote-code-execution door, and Hazelcast's open-source edition has neither cluster
 * authentication nor TLS: a cluster must sit on a trusted network, and every member and client
 * should refuse to deserialize any class but the tasks' own. {@link #allowOnlyTasksFrom} turns on
 * Hazelcast's Java deserialization filter ({@link JavaSerializationFilterConfig}) with an
 * allowlist: structex's own classes that travel, the JDK's value and collection packages a task
 * commonly captures or returns, and the packages of your tasks. Anything else is refused before it
 * is instantiated, and the task's future fails with a message that names the filter and the class.
 */
public final class ClusterSecurity {

    /**
     * What structex sends or returns by Java serialization besides the user's classes. Not
     * MemberRun, the wrapper of every task: it travels as Hazelcast DataSerializable, outside this
     * filter, and the task inside it is read under the filter.
     */
    private static final String[] STRUCTEX_CLASSES = {
        MemberLeaving.class.getName(),
        RunnableCall.class.getName(),
        FunctionCall.class.getName(),
        TaskLostException.class.getName()
    };

    /**
     * The JDK packages allowed: values, collections, lambdas (SerializedLambda), exceptions.
     * java.io is there for IOException and its kin, which tasks throw.
     */
    private static final String[] JDK_PACKAGES = {
        "java.lang",
        "java.lang.invoke",
        "java.util",
        "java.util.concurrent",
        "java.time",
        "java.math",
        "java.io",
        "java.net"
    };

    private ClusterSecurity() {}

    /**
     * Enables Hazelcast's Java deserialization filter on a member's configuration, allowing only
     * structex's classes, the JDK's value, collection and exception packages, and {@code
     * taskPackages} (each package itself, not its sub-packages). Call it on every member's {@code
     * Config} before the member starts. Does not block.
     *
     * @param config the member's configuration, changed in place
     * @param taskPackages the packages of the task classes (and of what they capture and return)
     * @return {@code config}
     * @throws NullPointerException if an argument or a package is null
     */
    public static Config allowOnlyTasksFrom(Config config, String... taskPackages) {
        Objects.requireNonNull(config, "config");
        apply(config.getSerializationConfig(), taskPackages);
        return config;
    }

    /**
     * As {@link #allowOnlyTasksFrom(Config, String...)}, for a client's configuration: the client
     * deserializes the results and failures that members send back.
     *
     * @param config the client's configuration, changed in place
     * @param taskPackages the packages of the task classes (and of what they capture and return)
     * @return {@code config}
     * @throws NullPointerException if an argument or a package is null
     */
    public static ClientConfig allowOnlyTasksFrom(ClientConfig config, String... taskPackages) {
        Objects.requireNonNull(config, "config");
        apply(config.getSerializationConfig(), taskPackages);
        return config;
    }

    private static void apply(SerializationConfig serialization, String... taskPackages) {
        Objects.requireNonNull(taskPackages, "taskPackages");
        ClassFilter allow = new ClassFilter();
        allow.addClasses(STRUCTEX_CLASSES);
        allow.addPackages(JDK_PACKAGES);
        for (String p : taskPackages) {
            allow.addPackages(Objects.requireNonNull(p, "a package is null"));
        }
        serialization.setJavaSerializationFilterConfig(
                new JavaSerializationFilterConfig().setWhitelist(allow));
    }
}
