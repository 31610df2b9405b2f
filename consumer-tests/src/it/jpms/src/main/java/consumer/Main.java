package consumer;

import io.structex.StructuredExecutor;
import io.structex.TaskFuture;

/** Fails (exit 1) unless a task ran with structex resolved as the named module io.structex. */
public class Main {
    public static void main(String[] args) throws Exception {
        TaskFuture<String> module;
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            module = executor.submit(() -> StructuredExecutor.class.getModule().getName());
        }
        System.out.println("JPMS: " + module.get() + " from " + Main.class.getModule());
        if (!"io.structex".equals(module.get()) || !Main.class.getModule().isNamed()) {
            System.exit(1);
        }
    }
}
