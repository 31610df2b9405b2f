package io.structex.spring.web;

import io.structex.StructuredExecutor;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A web application that fans out through {@code @Async} methods. */
@SpringBootApplication
@EnableAsync
public class FanOutApp {

    /** Set by the application's own Spring TaskDecorator, read by the tasks. */
    public static final ThreadLocal<String> DECORATED = new ThreadLocal<>();

    /** A Spring TaskDecorator of the application's: the starter composes it in. */
    @Bean
    TaskDecorator markingDecorator() {
        return task ->
                () -> {
                    DECORATED.set("by-spring-decorator");
                    try {
                        task.run();
                    } finally {
                        DECORATED.remove();
                    }
                };
    }

    /** What a task saw of where it ran. */
    public static String where() {
        return "executor="
                + StructuredExecutor.current().map(StructuredExecutor::name).orElse("none")
                + " virtual="
                + Thread.currentThread().isVirtual()
                + " decorated="
                + DECORATED.get();
    }

    /** The @Async work. */
    @Service
    public static class Work {
        /**
         * One piece of work.
         *
         * @param i its number
         * @return where it ran
         */
        @Async
        public CompletableFuture<String> piece(int i) {
            return CompletableFuture.completedFuture(i + " " + where());
        }
    }

    /** The endpoints. */
    @RestController
    public static class Endpoints {
        private final Work work;

        Endpoints(Work work) {
            this.work = work;
        }

        /**
         * Fans out {@code n} pieces of @Async work and joins them.
         *
         * @param n how many
         * @return one line per piece
         */
        @GetMapping("/fanout")
        public String fanOut(@RequestParam("n") int n) {
            List<CompletableFuture<String>> pieces =
                    IntStream.range(0, n).mapToObj(work::piece).toList();
            return String.join("\n", pieces.stream().map(CompletableFuture::join).toList());
        }

        /**
         * A Spring MVC asynchronous request: the Callable runs on the application's executor.
         *
         * @return where it ran
         */
        @GetMapping("/mvc-async")
        public Callable<String> mvcAsync() {
            return FanOutApp::where;
        }
    }
}
