package io.structex.examples.boot;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import io.structex.StructuredExecutor;
import io.structex.spring.StructuredTaskExecutor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot web service whose endpoint fans out through {@code @Async} methods, which the
 * structex starter runs on virtual threads of a structured executor ({@code
 * application.properties}: at most 8 at once). The program starts the service on a free port, calls
 * it once with the JDK's HTTP client, prints the answer and the executor's Prometheus series, then
 * closes and exits.
 *
 * <p>Run: {@code mvn -q -pl examples/spring-boot -am compile exec:exec}
 */
@SpringBootApplication
@EnableAsync
public class FanOutService {

    private static final Logger log = LoggerFactory.getLogger(FanOutService.class);

    /** One slow lookup per item, run by {@code @Async}: on the structex executor. */
    @Service
    public static class Lookups {
        /**
         * Looks one item up (a 100 ms wait stands for a remote call).
         *
         * @param item the item
         * @return what was found, and where
         * @throws InterruptedException if the executor cancels it
         */
        @Async
        public CompletableFuture<String> lookUp(int item) throws InterruptedException {
            Thread.sleep(100);
            // The request id set by the endpoint's thread is here too (executor-context).
            log.warn("looked up item {}", item);
            return CompletableFuture.completedFuture(
                    "item "
                            + item
                            + " on "
                            + Thread.currentThread()
                            + " for "
                            + MDC.get("request"));
        }
    }

    /** The endpoint. */
    @RestController
    public static class Endpoint {
        private final Lookups lookups;

        Endpoint(Lookups lookups) {
            this.lookups = lookups;
        }

        /**
         * Looks up {@code n} items at once and joins the answers.
         *
         * @param n how many
         * @return one line per item
         */
        @GetMapping("/lookup")
        public String lookUp(@RequestParam int n) {
            MDC.put("request", "req-" + n);
            try {
                List<CompletableFuture<String>> answers =
                        IntStream.range(0, n)
                                .mapToObj(
                                        i -> {
                                            try {
                                                return lookups.lookUp(i);
                                            } catch (InterruptedException e) {
                                                throw new IllegalStateException(e);
                                            }
                                        })
                                .toList();
                return String.join("\n", answers.stream().map(CompletableFuture::join).toList());
            } finally {
                MDC.remove("request");
            }
        }
    }

    /**
     * Starts the service, calls it, prints, stops.
     *
     * @param args ignored
     * @throws Exception if the call fails
     */
    public static void main(String[] args) throws Exception {
        ContextRegistry.getInstance().registerThreadLocalAccessor(new Slf4jThreadLocalAccessor());
        StructuredExecutor executor;
        try (ConfigurableApplicationContext context =
                        SpringApplication.run(FanOutService.class, args);
                HttpClient http = HttpClient.newHttpClient()) {
            executor = context.getBean(StructuredTaskExecutor.class).executor();
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            long start = System.nanoTime();
            String answer = get(http, port, "/lookup?n=16");
            long ms = (System.nanoTime() - start) / 1_000_000;
            System.out.println(answer);
            System.out.printf("16 lookups of 100 ms, at most 8 at once: %d ms%n", ms);
            get(http, port, "/actuator/prometheus")
                    .lines()
                    .filter(line -> line.startsWith("structex_tasks_"))
                    .forEach(System.out::println);
        }
        // The context's close closed the executor: every task has ended, the counts add up.
        System.out.println("Closed: " + executor.stats());
    }

    private static String get(HttpClient http, int port, String path) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
