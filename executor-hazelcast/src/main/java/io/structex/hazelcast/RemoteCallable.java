package io.structex.hazelcast;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A {@link Callable} that can be sent to a cluster member: a lambda given where one is expected is
 * serializable without a cast. Everything it captures must be serializable too.
 *
 * @param <T> the type of the result, which must be serializable (it comes back to the caller)
 */
@FunctionalInterface
public interface RemoteCallable<T> extends Callable<T>, Serializable {}
