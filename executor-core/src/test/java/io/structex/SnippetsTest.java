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
}
