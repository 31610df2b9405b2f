package io.structex.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs every example as a user would, in its own JVM, and checks what it prints and its exit. */
@Timeout(120)
class ExamplesTest {

    private record Run(int exitCode, String output) {}

    private static Run runExample(Class<?> example) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(List.of(java, "-cp", classPath, example.getName()))
                .redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(example + " exits").isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    @Test
    void copyFiles_copiesFourFiles_andExitsZero() throws Exception {
        Run run = runExample(CopyFiles.class);
        assertThat(run.output()).contains("copied src1.txt -> dest1.txt")
                .contains("copied src4.txt -> dest4.txt")
                .contains("All 4 copies done when the try block ended.");
        assertThat(run.exitCode()).as(run.output()).isZero();
    }
}
