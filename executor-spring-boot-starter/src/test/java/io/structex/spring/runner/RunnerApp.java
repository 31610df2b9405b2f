package io.structex.spring.runner;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.stereotype.Service;

/**
 * A non-web Boot application, run in a child JVM by {@code io.structex.spring.StarterExitTest}: its
 * runner starts {@code @Async} work and returns, {@code main} returns, and the work goes on: it
 * waits until the main thread has ended, then says so. {@code spring.main.keep-alive} is not set.
 */
@SpringBootApplication(scanBasePackageClasses = RunnerApp.class)
@EnableAsync
public class RunnerApp {

    static volatile Thread mainThread;

    /**
     * Starts the application, then returns.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        mainThread = Thread.currentThread();
        SpringApplication app = new SpringApplication(RunnerApp.class);
        app.setWebApplicationType(org.springframework.boot.WebApplicationType.NONE);
        app.run(args);
        System.out.println("MAIN RETURNS");
        if (List.of(args).contains("--exit")) {
            System.exit(0); // the executor's shutdown grace period now runs
        }
    }

    @Bean
    CommandLineRunner startWork(Background background) {
        return args -> {
            if (List.of(args).contains("--exit")) {
                background.forever();
            } else {
                background.work();
            }
            System.out.println("RUNNER RETURNS");
        };
    }

    /** The @Async work. */
    @Service
    public static class Background {
        /**
         * Waits for the main thread to end, then prints.
         *
         * @throws InterruptedException if interrupted
         */
        @Async
        public void work() throws InterruptedException {
            mainThread.join();
            System.out.println("WORK DONE AFTER MAIN");
        }

        /**
         * Waits until interrupted (by the end of the JVM's grace period), then prints.
         *
         * @throws InterruptedException when interrupted
         */
        @Async
        public void forever() throws InterruptedException {
            try {
                new CountDownLatch(1).await();
            } finally {
                System.out.println("FOREVER INTERRUPTED");
            }
        }
    }
}
