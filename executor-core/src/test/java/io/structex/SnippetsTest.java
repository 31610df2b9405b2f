package io.structex;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The javadoc's examples do what the javadoc says. */
class SnippetsTest {

    @Test
    void copyFiles_copiesFourFilesBeforeTheBlockEnds(@TempDir Path dir) throws Exception {
        for (int i = 1; i <= 4; i++) {
            Files.writeString(dir.resolve("src" + i + ".txt"), "file " + i);
        }
        Snippets.copyFiles(dir);
        for (int i = 1; i <= 4; i++) {
            assertThat(dir.resolve("dest" + i + ".txt")).hasContent("file " + i);
        }
    }

    @Test
    void structured_bothSucceed_returnsBoth() {
        Snippets.Backend ok =
                new Snippets.Backend() {
                    @Override
                    public String findUser(String id) {
                        return "user " + id;
                    }

                    @Override
                    public java.util.List<String> fetchOrders(String id) {
                        return java.util.List.of("order 1");
                    }
                };
        assertThat(Snippets.load(ok, "7"))
                .isEqualTo(new Snippets.Response("user 7", java.util.List.of("order 1")));
    }

    @Test
    void structured_oneFails_cancelsTheOther_andThrowsTheFailure() {
        java.util.concurrent.CountDownLatch interrupted =
                new java.util.concurrent.CountDownLatch(1);
        Snippets.Backend failing =
                new Snippets.Backend() {
                    @Override
                    public String findUser(String id) throws Exception {
                        try {
                            new java.util.concurrent.CountDownLatch(1).await();
                        } catch (InterruptedException e) {
                            interrupted.countDown();
                            throw e;
                        }
                        return "never";
                    }

                    @Override
                    public java.util.List<String> fetchOrders(String id) throws Exception {
                        throw new java.io.IOException("orders service down");
                    }
                };
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Snippets.load(failing, "7"))
                .isInstanceOf(ScopeFailedException.class)
                .hasCauseInstanceOf(java.io.IOException.class);
        assertThat(interrupted.getCount()).isZero();
    }
}
