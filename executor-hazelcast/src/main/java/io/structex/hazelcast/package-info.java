/**
 * {@link io.structex.hazelcast.ClusterExecutor}: structex's scope over a Hazelcast cluster.
 * Everything {@code StructuredExecutor} promises holds on the submitting JVM; the tasks run on the
 * members. See {@code docs/cluster.md}.
 */
@NullMarked
package io.structex.hazelcast;

import org.jspecify.annotations.NullMarked;
