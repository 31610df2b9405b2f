package io.structex.examples;

import io.structex.StructuredExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The example from Python's {@code concurrent.futures} documentation, in Java: copy four files
 * concurrently inside a {@code with} block. The Python original:
 *
 * <pre>
 * import shutil
 * with ThreadPoolExecutor(max_workers=4) as e:
 *     e.submit(shutil.copy, 'src1.txt', 'dest1.txt')
 *     e.submit(shutil.copy, 'src2.txt', 'dest2.txt')
 *     e.submit(shutil.copy, 'src3.txt', 'dest3.txt')
 *     e.submit(shutil.copy, 'src4.txt', 'dest4.txt')
 * </pre>
 *
 * <p>Try-with-resources is Python's {@code with}: {@code close()} waits for the four copies.
 */
public final class CopyFiles {

    private CopyFiles() {}

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("structex-copyfiles-");
        for (int i = 1; i <= 4; i++) {
            Files.writeString(dir.resolve("src" + i + ".txt"), "contents of file " + i + "\n");
        }
        System.out.println("Copying 4 files in " + dir + ", each on its own virtual thread");

        // max_workers=4 is maxConcurrency(4); a StructuredExecutor is unbounded by default.
        try (StructuredExecutor e = StructuredExecutor.builder().maxConcurrency(4).open()) {
            for (int i = 1; i <= 4; i++) {
                Path src = dir.resolve("src" + i + ".txt");
                Path dest = dir.resolve("dest" + i + ".txt");
                e.submit(
                        () -> {
                            Files.copy(src, dest);
                            System.out.println(
                                    "  copied "
                                            + src.getFileName()
                                            + " -> "
                                            + dest.getFileName()
                                            + " on "
                                            + Thread.currentThread());
                            return dest;
                        });
            }
        } // close() waited here for every copy: no task is lost, none still running

        for (int i = 1; i <= 4; i++) {
            String copied = Files.readString(dir.resolve("dest" + i + ".txt"));
            if (!copied.equals("contents of file " + i + "\n")) {
                throw new IllegalStateException("dest" + i + ".txt is wrong: " + copied);
            }
        }
        System.out.println("All 4 copies done when the try block ended.");
        for (int i = 1; i <= 4; i++) {
            Files.delete(dir.resolve("src" + i + ".txt"));
            Files.delete(dir.resolve("dest" + i + ".txt"));
        }
        Files.delete(dir);
    }
}
