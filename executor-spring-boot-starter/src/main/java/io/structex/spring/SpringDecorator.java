package io.structex.spring;

import io.structex.TaskDecorator;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * A Spring {@code TaskDecorator} (Runnable in, Runnable out) as a structex one: the task runs
 * inside the Spring decorator's Runnable, and its result or exception is handed out of it.
 */
final class SpringDecorator implements TaskDecorator {

    private final org.springframework.core.task.TaskDecorator spring;

    SpringDecorator(org.springframework.core.task.TaskDecorator spring) {
        this.spring = spring;
    }

    @Override
    public Callable<?> decorate(Callable<?> task) {
        Outcome outcome = new Outcome();
        Runnable decorated = spring.decorate(() -> outcome.run(task));
        return () -> {
            decorated.run();
            return outcome.get();
        };
    }

    /** What the task returned or threw, inside the Spring decorator's Runnable. */
    private static final class Outcome {
        private @Nullable Object result; // written and read by the task's thread
        private @Nullable Exception failure; // likewise

        void run(Callable<?> task) {
            try {
                result = task.call();
            } catch (Exception e) {
                failure = e;
            }
        }

        @Nullable Object get() throws Exception {
            Exception f = failure;
            if (f != null) {
                throw f;
            }
            return result;
        }
    }
}
