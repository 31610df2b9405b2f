package io.structex;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records JFR's jdk.VirtualThreadPinned events during a workload of blocking tasks and fails on any
 * event with an io.structex frame: structex never parks a virtual thread while it holds a monitor
 * (on Java 21 that pins the carrier). Every path that can block is exercised: get, close, bounded
 * hand-off, callbacks, map, wait/asCompleted, nested scopes.
 */
@Timeout(120)
class PinningTest {

    @Test
    void blockingWorkload_recordsNoPinnedEventInStructexCode(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pinning.jfr");
        try (Recording recording = new Recording()) {
            recording
                    .enable("jdk.VirtualThreadPinned")
                    .withThreshold(Duration.ZERO)
                    .withStackTrace();
            recording.start();
            workload();
            recording.stop();
            recording.dump(file);
        }
        List<String> structexPins = new ArrayList<>();
        int pinnedEvents = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            pinnedEvents++;
            if (event.getStackTrace() == null) {
                continue;
            }
            for (RecordedFrame frame : event.getStackTrace().getFrames()) {
                if (frame.getMethod().getType().getName().startsWith("io.structex")) {
                    structexPins.add(event.toString());
                    break;
                }
            }
        }
        System.out.printf(
                "pinning: %d jdk.VirtualThreadPinned events, %d in structex code%n",
                pinnedEvents, structexPins.size());
        assertThat(structexPins).isEmpty();
    }

    private static void workload() throws Exception {
        try (StructuredExecutor outer = StructuredExecutor.builder().maxConcurrency(4).open()) {
            for (int i = 0; i < 200; i++) {
                outer.submit(
                        () -> {
                            try (StructuredExecutor inner = StructuredExecutor.open()) {
                                CountDownLatch latch = new CountDownLatch(1);
                                TaskFuture<Integer> waiter =
                                        inner.submit(
                                                () -> {
                                                    latch.await();
                                                    Thread.sleep(1);
                                                    return 1;
                                                });
                                waiter.addDoneCallback(f -> {});
                                inner.submit(latch::countDown);
                                waiter.get();
                                Futures.wait(List.of(waiter), ReturnWhen.ALL_COMPLETED);
                                Futures.asCompleted(List.of(waiter)).toList();
                                inner.map(
                                                x -> {
                                                    Thread.sleep(1);
                                                    return x;
                                                },
                                                IntStream.range(0, 5).boxed().toList())
                                        .toList();
                            }
                            return null;
                        });
            }
        }
    }
}
