package io.structex.examples;

import com.sun.net.httpserver.HttpServer;
import io.structex.StructuredExecutor;
import io.structex.TaskFuture;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounded concurrency against a real HTTP server: the example starts one on loopback (the JDK's
 * com.sun.net.httpserver), then fetches 200 pages with java.net.http.HttpClient, at most 16 at a
 * time (Python's max_workers=16), printing a progress line and a summary.
 */
public final class Crawl {

    private static final int PAGES = 200;
    private static final int MAX_CONCURRENCY = 16;

    private Crawl() {}

    public static void main(String[] args) throws Exception {
        AtomicInteger serving = new AtomicInteger(); // requests inside the server's handler
        AtomicInteger fetching =
                new AtomicInteger(); // tasks of ours running (the bound applies here)
        AtomicInteger mostFetching = new AtomicInteger();
        HttpServer server =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/page/",
                exchange -> {
                    serving.incrementAndGet();
                    try {
                        Thread.sleep(20); // a slow page
                        byte[] body =
                                ("<html>page " + exchange.getRequestURI().getPath() + "</html>")
                                        .getBytes(StandardCharsets.UTF_8);
                        exchange.sendResponseHeaders(200, body.length);
                        try (OutputStream out = exchange.getResponseBody()) {
                            out.write(body);
                        }
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    } finally {
                        serving.decrementAndGet();
                    }
                });
        ExecutorService serverThreads = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(serverThreads);
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/page/";
        System.out.println(
                "Serving "
                        + PAGES
                        + " pages at "
                        + base
                        + "N; fetching them "
                        + MAX_CONCURRENCY
                        + " at a time.");

        long start = System.nanoTime();
        AtomicInteger done = new AtomicInteger();
        List<TaskFuture<Integer>> fetches = new ArrayList<>();
        try (HttpClient client = HttpClient.newHttpClient();
                StructuredExecutor crawler =
                        StructuredExecutor.builder()
                                .name("crawler")
                                .maxConcurrency(MAX_CONCURRENCY)
                                .open()) {
            for (int i = 1; i <= PAGES; i++) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + i)).build();
                TaskFuture<Integer> fetch =
                        crawler.submit(
                                () -> {
                                    mostFetching.accumulateAndGet(
                                            fetching.incrementAndGet(), Math::max);
                                    try {
                                        return client.send(
                                                        request,
                                                        HttpResponse.BodyHandlers.ofString())
                                                .body()
                                                .length();
                                    } finally {
                                        fetching.decrementAndGet();
                                    }
                                });
                fetch.addDoneCallback(
                        f -> {
                            int n = done.incrementAndGet();
                            if (n % 40 == 0) {
                                System.out.printf(
                                        "  progress: %d/%d pages fetched, %d fetching, %d in the"
                                                + " server%n",
                                        n, PAGES, fetching.get(), serving.get());
                            }
                        });
                fetches.add(fetch);
            }
        } finally {
            server.stop(0);
            serverThreads.close();
        }
        long bytes = 0;
        for (TaskFuture<Integer> f : fetches) {
            bytes += f.resultNow();
        }
        System.out.printf(
                "Fetched %d pages (%d bytes) in %d ms, at most %d at once (limit %d).%n",
                fetches.size(),
                bytes,
                (System.nanoTime() - start) / 1_000_000,
                mostFetching.get(),
                MAX_CONCURRENCY);
        if (mostFetching.get() > MAX_CONCURRENCY) {
            throw new IllegalStateException("maxConcurrency exceeded");
        }
    }
}
