package io.structex;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Naming, context propagation, and how an executor's threads show in a thread dump. */
@Timeout(60)
class ContextAndDumpTest {

    private static final ThreadLocal<String> REQUEST_ID = new ThreadLocal<>();
    private static final InheritableThreadLocal<String> INHERITED = new InheritableThreadLocal<>();

    @Test
    void taskDecorator_carriesContextFromTheSubmitterIntoTheTask() throws Exception {
        TaskDecorator carryRequestId =
                task -> {
                    String id = REQUEST_ID.get(); // in the submitter
                    return () -> {
                        REQUEST_ID.set(id); // in the task's thread
                        try {
                            return task.call();
                        } finally {
                            REQUEST_ID.remove();
                        }
                    };
                };
        REQUEST_ID.set("request-42");
        try (StructuredExecutor executor =
                StructuredExecutor.builder().taskDecorator(carryRequestId).open()) {
            assertThat(executor.submit(REQUEST_ID::get).get()).isEqualTo("request-42");
            assertThat(executor.map(i -> REQUEST_ID.get(), java.util.List.of(1)).toList())
                    .containsExactly("request-42");
        } finally {
            REQUEST_ID.remove();
        }
    }

    @Test
    void inheritableThreadLocals_inheritedByDefault_notWhenDisabled() throws Exception {
        INHERITED.set("from-opener");
        try {
            try (StructuredExecutor inheriting = StructuredExecutor.open()) {
                assertThat(inheriting.submit(INHERITED::get).get()).isEqualTo("from-opener");
            }
            try (StructuredExecutor isolated =
                    StructuredExecutor.builder().inheritInheritableThreadLocals(false).open()) {
                assertThat(isolated.submit(INHERITED::get).get()).isNull();
            }
        } finally {
            INHERITED.remove();
        }
    }

    /**
     * The JSON thread dump (what {@code jcmd <pid> Thread.dump_to_file -format=json} writes) puts
     * an executor's threads together in one container of their own.
     */
    @Test
    void threadDump_groupsAnExecutorsThreadsInOneContainer(@TempDir Path dir) throws Exception {
        CountDownLatch started = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        try (StructuredExecutor executor = StructuredExecutor.builder().name("dumped").open()) {
            for (int i = 0; i < 2; i++) {
                executor.submit(
                        () -> {
                            started.countDown();
                            release.await();
                            return null;
                        });
            }
            started.await();
            String ours;
            try {
                ours = containerHolding("dumped-1", dir);
            } finally {
                release.countDown();
            }
            assertThat(ours)
                    .as("the container holding dumped-1")
                    .isNotNull()
                    .contains("\"dumped-2\"")
                    .doesNotStartWith(": \"<root>\"");
        }
    }

    /**
     * The dump does not nest an executor opened by a task under its parent's container: every
     * executor's container is a child of the root one (the JDK nests only containers with an owner
     * thread), as docs/observability.md says.
     */
    @Test
    void threadDump_listsAChildExecutorsContainerUnderTheRoot(@TempDir Path dir) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (StructuredExecutor outer = StructuredExecutor.builder().name("outerdump").open()) {
            outer.submit(
                    () -> {
                        try (StructuredExecutor inner =
                                StructuredExecutor.builder().name("innerdump").open()) {
                            inner.submit(
                                    () -> {
                                        started.countDown();
                                        release.await();
                                        return null;
                                    });
                        }
                        return null;
                    });
            started.await();
            String inners;
            try {
                inners = containerHolding("innerdump-1", dir);
            } finally {
                release.countDown();
            }
            assertThat(inners)
                    .as("the container holding innerdump-1")
                    .isNotNull()
                    .contains("\"parent\": \"<root>\"")
                    .doesNotContain("\"outerdump-1\"");
        }
    }

    /**
     * Writes a JSON thread dump into {@code dir} and returns the part of it that describes the
     * container holding the named thread (from its name on), or null if no container holds it.
     */
    private static @Nullable String containerHolding(String thread, Path dir) throws IOException {
        Path dump = dir.resolve("threads.json");
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
        String found = null;
        for (String container : Files.readString(dump).split("\"container\"")) {
            if (container.contains("\"" + thread + "\"")) {
                found = container;
            }
        }
        return found;
    }
}
