package io.structex.hazelcast;

import java.io.Serializable;

/**
 * A {@link Runnable} that can be sent to a cluster member: a lambda given where one is expected is
 * serializable without a cast. Everything it captures must be serializable too.
 */
@FunctionalInterface
public interface RemoteRunnable extends Runnable, Serializable {}
