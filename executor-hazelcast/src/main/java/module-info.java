/**
 * structex over a Hazelcast cluster: {@link io.structex.hazelcast.ClusterExecutor}, the same
 * structured scope as {@code io.structex.StructuredExecutor}, whose tasks run on the cluster's
 * members.
 */
@SuppressWarnings({
    "requires-automatic",
    "requires-transitive-automatic"
}) // Hazelcast ships no module descriptor
module io.structex.hazelcast {
    requires transitive io.structex;
    requires transitive com.hazelcast.core;
    requires static org.jspecify;
    requires static com.google.errorprone.annotations;

    exports io.structex.hazelcast;

    // Hazelcast makes a member's copy of the task wrapper (MemberRun, DataSerializable) by its
    // package-private no-argument constructor, through reflection.
    opens io.structex.hazelcast to
            com.hazelcast.core;
}
