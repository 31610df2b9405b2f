package io.structex;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs {@link ExitScenarios} in a child JVM (same JDK, same class path) and collects its output.
 */
final class ChildJvm {

    /** Long enough never to cut a healthy run short; a hang fails the test instead of CI. */
    static final long TIMEOUT_SECONDS = 60;

    record Result(int exitCode, String output, long exitedAtMillis) {}

    private ChildJvm() {}

    static Result run(String scenario) {
        return run(scenario, process -> {});
    }

    /**
     * Runs a scenario; {@code whenReady} gets the process when it prints {@link
     * ExitScenarios#READY}.
     */
    static Result run(String scenario, Consumer<Process> whenReady) {
        return run(ExitScenarios.class, scenario, whenReady);
    }

    /** Runs a scenario of another program of scenarios. */
    static Result run(Class<?> program, String scenario) {
        return run(program, scenario, process -> {});
    }

    /** Runs a scenario of another program of scenarios, with JVM flags of its own. */
    static Result run(Class<?> program, String scenario, List<String> jvmFlags) {
        return run(program, scenario, process -> {}, jvmFlags);
    }

    private static Result run(Class<?> program, String scenario, Consumer<Process> whenReady) {
        return run(program, scenario, whenReady, List.of());
    }

    private static Result run(
            Class<?> program, String scenario, Consumer<Process> whenReady, List<String> jvmFlags) {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath =
                System.getProperty(
                        "surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-ea"));
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", classPath, program.getName(), scenario));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        try {
            Process process = builder.start();
            StringBuilder output = new StringBuilder();
            CompletableFuture<Void> readAll =
                    CompletableFuture.runAsync(
                            () -> {
                                try (BufferedReader reader =
                                        new BufferedReader(
                                                new InputStreamReader(
                                                        process.getInputStream(),
                                                        StandardCharsets.UTF_8))) {
                                    for (String line; (line = reader.readLine()) != null; ) {
                                        synchronized (output) {
                                            output.append(line).append('\n');
                                        }
                                        if (line.equals(ExitScenarios.READY)) {
                                            whenReady.accept(process);
                                        }
                                    }
                                } catch (IOException e) {
                                    throw new RuntimeException(e);
                                }
                            },
                            Thread::startVirtualThread);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(
                        "child JVM '%s' did not exit within %d s; output so far:%n%s",
                        scenario, TIMEOUT_SECONDS, output);
            }
            long exitedAt = System.currentTimeMillis();
            readAll.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            synchronized (output) {
                return new Result(process.exitValue(), output.toString(), exitedAt);
            }
        } catch (Exception e) {
            throw new AssertionError("cannot run child JVM scenario " + scenario, e);
        }
    }
}
