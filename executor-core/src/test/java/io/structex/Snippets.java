package io.structex;

import java.nio.file.Files;
import java.nio.file.Path;

/** Code shown in the javadoc ({@code {@snippet}}), compiled here so that it stays true. */
final class Snippets {

    private Snippets() {}

    static void copyFiles(Path dir) throws Exception {
        // @start region=copyFiles
        // Python: with ThreadPoolExecutor(max_workers=4) as e:
        //             e.submit(shutil.copy, 'src1.txt', 'dest1.txt') ...
        try (StructuredExecutor e = StructuredExecutor.builder().maxConcurrency(4).open()) {
            for (int i = 1; i <= 4; i++) {
                Path src = dir.resolve("src" + i + ".txt");
                Path dest = dir.resolve("dest" + i + ".txt");
                e.submit(() -> Files.copy(src, dest));
            }
        } // close() waits for the four copies, as leaving Python's `with` block does
        // @end
    }
}
