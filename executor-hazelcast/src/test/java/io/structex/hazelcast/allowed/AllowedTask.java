package io.structex.hazelcast.allowed;

import java.io.Serializable;
import java.util.concurrent.Callable;

/** A task class in a package that the deserialization filter of ClusterSecurityTest allows. */
public record AllowedTask(String word) implements Callable<Integer>, Serializable {

    @Override
    public Integer call() {
        return word.length();
    }
}
