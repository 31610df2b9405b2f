package io.structex.examples;

import io.structex.StructuredExecutor;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Scopes nest: an executor opened inside a task is that executor's child. Cancelling the parent
 * (here by its timeout) cancels the child's tasks too, and the parent's close() waits for the
 * child's tasks even after the task that opened the child has returned. describe() shows the tree.
 */
public final class NestedScopes {

    private NestedScopes() {}

    public static void main(String[] args) throws Exception {
        CountDownLatch treeBuilt = new CountDownLatch(3);
        StructuredExecutor crawler =
                StructuredExecutor.builder().name("crawler").timeout(Duration.ofMillis(500)).open();
        for (String site : new String[] {"a.example", "b.example"}) {
            crawler.submit(
                    () -> {
                        StructuredExecutor pages = StructuredExecutor.builder().name(site).open();
                        int count = site.equals("a.example") ? 2 : 1;
                        for (int p = 1; p <= count; p++) {
                            int page = p;
                            pages.submit(
                                    () -> {
                                        treeBuilt.countDown();
                                        try {
                                            Thread.sleep(
                                                    60_000); // a page that never finishes loading
                                        } catch (InterruptedException e) {
                                            System.out.println(
                                                    "  "
                                                            + site
                                                            + " page "
                                                            + page
                                                            + ": interrupted (the parent's timeout"
                                                            + " cancelled it)");
                                        }
                                    });
                        }
                        pages.shutdown(false); // the opening task returns; the child's tasks run on
                        return null;
                    });
        }
        treeBuilt.await();
        System.out.println("The tree of scopes:");
        System.out.print(crawler.describe().indent(2));
        try {
            crawler.close(); // waits for the children's tasks too
        } catch (RuntimeException e) {
            System.out.println(
                    "close() threw "
                            + e.getClass().getSimpleName()
                            + ": "
                            + e.getMessage()
                            + " (cause: "
                            + e.getCause()
                            + ")");
        }
        System.out.println(
                "After close(): " + crawler + "; no task of any child is still running.");
    }
}
