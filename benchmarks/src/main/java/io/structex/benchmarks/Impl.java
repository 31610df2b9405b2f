package io.structex.benchmarks;

import io.structex.StructuredExecutor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The executors compared: structex and the JDK baseline of each scenario. */
public enum Impl {
    /** {@code StructuredExecutor.open()}. */
    structex {
        @Override
        ExecutorService open() {
            return StructuredExecutor.open();
        }
    },
    /** {@code Executors.newVirtualThreadPerTaskExecutor()}. */
    jdk {
        @Override
        ExecutorService open() {
            return Executors.newVirtualThreadPerTaskExecutor();
        }
    };

    abstract ExecutorService open();
}
