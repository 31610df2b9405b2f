package io.structex;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;

/**
 * Programs run in child JVMs by {@link ExitPromiseTest}: each prints what happened and lets the JVM
 * exit (or not) the way its scenario says. One scenario per {@code main} argument.
 */
public final class ExitScenarios {

    static final String READY = "READY";
    static final String TASK_DONE = "task done";
    static final String MAIN_RETURNS = "main returns";

    private ExitScenarios() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "shutdownNoWait" -> shutdownNoWait();
            case "noShutdown" -> noShutdown();
            case "unreachable" -> unreachable();
            case "mainThrows" -> mainThrows();
            case "nothingPending" -> nothingPending();
            case "exitWithGrace" -> exitWithGrace();
            case "exitGraceZero" -> exitGraceZero();
            case "exitGraceExpires" -> exitGraceExpires();
            case "exitGraceExpiresMany" -> exitGraceExpiresMany();
            case "taskCallsExit" -> taskCallsExit();
            case "sigterm" -> sigterm();
            case "submitDuringShutdown" -> submitDuringShutdown();
            case "subtaskAfterMainReturns" -> subtaskAfterMainReturns();
            case "exitGraceEndsFinallyRuns" -> exitGraceEndsFinallyRuns();
            case "exitGraceEndsStubbornTask" -> exitGraceEndsStubbornTask();
            case "descendantClosesAncestor" -> descendantClosesAncestor();
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void slowTask(StructuredExecutor executor, long millis) {
        executor.submit(
                () -> {
                    Thread.sleep(millis);
                    System.out.println(TASK_DONE);
                    return null;
                });
    }

    /** A task that sleeps on through every interrupt: only the JVM's exit ends it. */
    private static void stubbornTask(StructuredExecutor executor) {
        executor.submit(
                () -> {
                    for (; ; ) {
                        try {
                            Thread.sleep(60_000);
                        } catch (InterruptedException e) {
                            System.out.println("ignored an interrupt");
                        }
                    }
                });
    }

    private static void shutdownNoWait() {
        StructuredExecutor executor = StructuredExecutor.open();
        slowTask(executor, 300);
        executor.shutdown(false);
        System.out.println(MAIN_RETURNS);
    }

    private static void noShutdown() {
        StructuredExecutor executor = StructuredExecutor.open();
        slowTask(executor, 300);
        System.out.println(MAIN_RETURNS);
    }

    private static void unreachable() {
        submitAndForget();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        System.out.println(MAIN_RETURNS);
    }

    private static void submitAndForget() {
        slowTask(StructuredExecutor.open(), 500);
    }

    private static void mainThrows() {
        StructuredExecutor executor = StructuredExecutor.open();
        slowTask(executor, 300);
        throw new IllegalStateException("main fails on purpose");
    }

    private static void nothingPending() throws Exception {
        StructuredExecutor executor = StructuredExecutor.open();
        executor.submit(
                () -> {
                    Thread.sleep(100);
                    System.out.println("last task ends at " + System.currentTimeMillis());
                    return null;
                });
        System.out.println(MAIN_RETURNS);
    }

    private static void exitWithGrace() {
        StructuredExecutor executor =
                StructuredExecutor.builder().shutdownGracePeriod(Duration.ofSeconds(30)).open();
        slowTask(executor, 500);
        System.exit(3);
    }

    private static void exitGraceZero() {
        StructuredExecutor executor =
                StructuredExecutor.builder().shutdownGracePeriod(Duration.ZERO).open();
        slowTask(executor, 60_000);
        System.exit(4);
    }

    private static void exitGraceExpires() {
        StructuredExecutor executor =
                StructuredExecutor.builder()
                        .name("stuck")
                        .shutdownGracePeriod(Duration.ofMillis(300))
                        .open();
        stubbornTask(executor);
        System.exit(5);
    }

    private static void exitGraceExpiresMany() {
        StructuredExecutor executor =
                StructuredExecutor.builder()
                        .name("many")
                        .shutdownGracePeriod(Duration.ofMillis(300))
                        .open();
        for (int i = 0; i < 25; i++) {
            stubbornTask(executor);
        }
        System.exit(6);
    }

    private static void taskCallsExit() {
        StructuredExecutor executor =
                StructuredExecutor.builder().shutdownGracePeriod(Duration.ofSeconds(60)).open();
        executor.submit(
                () -> {
                    System.out.println("task calls System.exit(7)");
                    System.exit(7);
                });
    }

    private static void sigterm() {
        StructuredExecutor executor =
                StructuredExecutor.builder().shutdownGracePeriod(Duration.ofSeconds(30)).open();
        CountDownLatch signalled = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(signalled::countDown));
        executor.submit(
                () -> {
                    signalled.await();
                    Thread.sleep(300); // still finishes inside the grace period
                    System.out.println(TASK_DONE);
                    return null;
                });
        System.out.println(READY);
    }

    private static void submitDuringShutdown() throws Exception {
        StructuredExecutor executor =
                StructuredExecutor.builder().shutdownGracePeriod(Duration.ofSeconds(30)).open();
        CountDownLatch shuttingDown = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(shuttingDown::countDown));
        executor.submit(
                () -> {
                    shuttingDown.await();
                    // Hooks start together in no set order: structex's may need a moment to begin.
                    for (long deadline = System.nanoTime() + 10_000_000_000L;
                            System.nanoTime() < deadline; ) {
                        try {
                            executor.submit(() -> null);
                            Thread.sleep(1);
                        } catch (RejectedExecutionException e) {
                            System.out.println("rejected: " + e.getMessage());
                            return null;
                        }
                    }
                    System.out.println("never rejected");
                    return null;
                });
        System.exit(0);
    }

    private static void subtaskAfterMainReturns() {
        StructuredExecutor executor = StructuredExecutor.open();
        executor.submit(
                () -> {
                    Thread.sleep(200);
                    executor.submit(
                            () -> {
                                Thread.sleep(200);
                                System.out.println("subtask done");
                                return null;
                            });
                    return null;
                });
        System.out.println(MAIN_RETURNS);
    }

    private static void exitGraceEndsFinallyRuns() throws Exception {
        StructuredExecutor executor =
                StructuredExecutor.builder()
                        .name("cleanup")
                        .shutdownGracePeriod(Duration.ofMillis(200))
                        .open();
        CountDownLatch started = new CountDownLatch(1);
        executor.submit(
                () -> {
                    try {
                        started.countDown();
                        Thread.sleep(60_000);
                        System.out.println(TASK_DONE);
                    } finally {
                        System.out.println("finally ran");
                    }
                    return null;
                });
        started.await();
        System.exit(8);
    }

    private static void exitGraceEndsStubbornTask() throws Exception {
        StructuredExecutor executor =
                StructuredExecutor.builder()
                        .name("stubborn")
                        .shutdownGracePeriod(Duration.ofMillis(200))
                        .open();
        stubbornTask(executor);
        System.out.println("exit at " + System.currentTimeMillis());
        System.exit(9);
    }

    /** close() and shutdown(true) of an ancestor, from a task of a child and of a grandchild. */
    private static void descendantClosesAncestor() throws Exception {
        StructuredExecutor root = StructuredExecutor.builder().name("root").open();
        root.submit(() -> openChildThatWaitsFor(root)).get(); // root is not shut down meanwhile
        root.close();
        System.out.println("root closed");
    }

    private static Object openChildThatWaitsFor(StructuredExecutor root) throws Exception {
        try (StructuredExecutor child = StructuredExecutor.builder().name("child").open()) {
            child.submit(
                            () -> {
                                tryToWait("child", "close()", root::close);
                                tryToWait("child", "shutdown(true)", () -> root.shutdown(true));
                                try (StructuredExecutor grandchild = StructuredExecutor.open()) {
                                    grandchild
                                            .submit(
                                                    () ->
                                                            tryToWait(
                                                                    "grandchild",
                                                                    "close()",
                                                                    root::close))
                                            .get();
                                }
                                System.out.println("root shut down: " + root.isShutdown());
                                return null;
                            })
                    .get();
        }
        return "done";
    }

    private static Object tryToWait(String who, String method, Runnable wait) {
        try {
            wait.run();
            System.out.println(method + " returned");
        } catch (IllegalStateException e) {
            System.out.println(who + " refused: " + e.getMessage());
        }
        return "tried";
    }
}
