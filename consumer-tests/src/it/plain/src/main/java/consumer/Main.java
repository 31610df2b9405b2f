package consumer;

import io.structex.StructuredExecutor;
import io.structex.TaskFuture;

/** Fails (exit 1) unless a task ran and the class path holds structex and nothing else. */
public class Main {
    public static void main(String[] args) throws Exception {
        TaskFuture<Integer> answer;
        try (StructuredExecutor executor = StructuredExecutor.open()) {
            answer = executor.submit(() -> 6 * 7);
        }
        String classPath = System.getProperty("java.class.path");
        long jars = classPath.chars().filter(c -> c == java.io.File.pathSeparatorChar).count() + 1;
        System.out.println("PLAIN: " + answer.get() + ", class path entries: " + jars);
        if (answer.get() != 42 || jars != 2) { // target/classes and executor-core's jar
            System.exit(1);
        }
    }
}
