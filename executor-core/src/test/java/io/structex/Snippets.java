package io.structex;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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

    record Response(String user, List<String> orders) {}

    interface Backend {
        String findUser(String id) throws Exception;

        List<String> fetchOrders(String id) throws Exception;
    }

    static Response load(Backend backend, String id) {
        // @start region=structured
        TaskFuture<String> user;
        TaskFuture<List<String>> orders;
        try (StructuredExecutor scope =
                StructuredExecutor.builder()
                        .failFast(true) // a failure cancels the sibling
                        .timeout(Duration.ofSeconds(2)) // so does the deadline
                        .open()) {
            user = scope.submit(() -> backend.findUser(id));
            orders = scope.submit(() -> backend.fetchOrders(id));
        } // waits for both; throws ScopeFailedException (cause: the first failure, or a timeout)
        return new Response(user.resultNow(), orders.resultNow());
        // @end
    }
}
