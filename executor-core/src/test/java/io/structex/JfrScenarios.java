package io.structex;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Programs run in child JVMs by {@link ObservabilityTest}: what structex does with JFR in a JVM
 * where no recording has started, and in one where a recording starts while an executor is open.
 * One scenario per {@code main} argument.
 */
public final class JfrScenarios {

    static final String DONE = "scenario done";

    private JfrScenarios() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "noRecording" -> noRecording();
            case "recordingStartsLater" -> recordingStartsLater();
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /** Opens an executor, runs a task, closes: no recording anywhere. */
    private static void noRecording() throws Exception {
        try (StructuredExecutor executor = StructuredExecutor.builder().name("quiet").open()) {
            executor.submit(() -> 1).get();
        }
        System.out.println(DONE);
    }

    /**
     * Opens "early", then starts a recording of both events, opens "late", runs one task on each
     * and closes both; prints each event's type and executor, counted.
     */
    private static void recordingStartsLater() throws Exception {
        Path file = Files.createTempFile("structex", ".jfr");
        try {
            try (StructuredExecutor early = StructuredExecutor.builder().name("early").open();
                    Recording recording = new Recording()) {
                recording.enable("io.structex.TaskEnd");
                recording.enable("io.structex.ExecutorClose");
                recording.start();
                try (StructuredExecutor late = StructuredExecutor.builder().name("late").open()) {
                    early.submit(() -> 1).get();
                    late.submit(() -> 2).get();
                }
                early.close();
                recording.stop();
                recording.dump(file);
            }
            List<RecordedEvent> events = RecordingFile.readAllEvents(file);
            Map<String, Integer> counts = new TreeMap<>();
            for (RecordedEvent e : events) {
                String type = e.getEventType().getName();
                if (type.startsWith("io.structex.")) {
                    counts.merge(type + " " + e.getString("executor"), 1, Integer::sum);
                }
            }
            counts.forEach((event, n) -> System.out.println(event + " x" + n));
        } finally {
            Files.deleteIfExists(file);
        }
        System.out.println(DONE);
    }
}
