package io.structex;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Programs run in child JVMs by {@link LifecycleExitTest}: background tasks and executors that do
 * not hold the JVM, at the JVM's exit. One scenario per {@code main} argument.
 */
public final class LifecycleScenarios {

    static final String MAIN_RETURNS = "main returns at ";
    static final String NOT_HELD_DONE = "non-holding task done";
    static final String HELD_DONE = "holding task done";

    private LifecycleScenarios() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "notHolding" -> notHolding();
            case "notHoldingBesideHolding" -> notHoldingBesideHolding();
            case "notHoldingSystemExit" -> notHoldingSystemExit();
            case "notHoldingChildInherits" -> notHoldingChildInherits();
            case "backgroundAfterShutdownNoWait" -> backgroundAfterShutdownNoWait();
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void sleepThenPrint(StructuredExecutor executor, long millis, String line) {
        executor.submit(
                () -> {
                    Thread.sleep(millis);
                    System.out.println(line);
                    return null;
                });
    }

    private static StructuredExecutor notHoldingExecutor() {
        return StructuredExecutor.builder().holdsJvmExit(false).open();
    }

    private static void mainReturns() {
        System.out.println(MAIN_RETURNS + System.currentTimeMillis());
    }

    private static void notHolding() {
        sleepThenPrint(notHoldingExecutor(), 60_000, NOT_HELD_DONE);
        mainReturns();
    }

    private static void notHoldingBesideHolding() {
        sleepThenPrint(notHoldingExecutor(), 60_000, NOT_HELD_DONE);
        sleepThenPrint(StructuredExecutor.open(), 300, HELD_DONE);
        mainReturns();
    }

    private static void notHoldingSystemExit() {
        StructuredExecutor executor =
                StructuredExecutor.builder()
                        .holdsJvmExit(false)
                        .shutdownGracePeriod(Duration.ofSeconds(30))
                        .open();
        sleepThenPrint(executor, 60_000, NOT_HELD_DONE);
        mainReturns();
        System.exit(5);
    }

    private static void notHoldingChildInherits() throws Exception {
        StructuredExecutor parent = notHoldingExecutor();
        CountDownLatch childBusy = new CountDownLatch(1);
        parent.submit(
                () -> {
                    StructuredExecutor child = StructuredExecutor.open();
                    sleepThenPrint(child, 60_000, NOT_HELD_DONE);
                    child.shutdown(false);
                    childBusy.countDown();
                    return null;
                });
        childBusy.await();
        mainReturns();
    }

    private static void backgroundAfterShutdownNoWait() {
        StructuredExecutor executor = StructuredExecutor.open();
        executor.submitBackground(
                () -> {
                    try {
                        new CountDownLatch(1).await();
                    } finally {
                        System.out.println("background cleanup ran");
                    }
                    return null;
                });
        sleepThenPrint(executor, 300, HELD_DONE);
        executor.shutdown(false);
        mainReturns();
    }
}
