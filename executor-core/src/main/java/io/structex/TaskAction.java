package io.structex;

/**
 * A task body that returns nothing and may throw, such as {@code () -> Files.delete(path)}: what
 * {@link StructuredExecutor#submitAction(TaskAction)} runs, without the {@code return null;} that a
 * {@link java.util.concurrent.Callable} needs. (A third {@code submit} overload cannot offer this:
 * javac could not choose between it and {@code submit(Runnable)} for a lambda with no value.)
 */
@FunctionalInterface
public interface TaskAction {

    /**
     * Runs the action, on the task's own thread, where blocking is fine. The task's cancellation
     * interrupts that thread.
     *
     * @throws Exception if the action fails; the task's future then fails with it as the cause
     */
    void run() throws Exception;
}
