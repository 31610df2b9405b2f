package io.structex.hazelcast;

import io.structex.TaskFunction;
import java.io.Serializable;

/**
 * A {@link TaskFunction} that can be sent to a cluster member, for {@link ClusterExecutor#map}: a
 * lambda given where one is expected is serializable without a cast. Everything it captures, each
 * item and each result must be serializable too.
 *
 * @param <T> the item type
 * @param <R> the result type
 */
@FunctionalInterface
public interface RemoteFunction<T, R> extends TaskFunction<T, R>, Serializable {}
