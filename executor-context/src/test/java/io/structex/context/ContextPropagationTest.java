package io.structex.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.structex.StructuredExecutor;
import io.structex.StructuredExecutorBuilder;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.MDC;

/** The decorator with SLF4J's MDC (Logback's) and an OpenTelemetry span (the SDK's). */
@Timeout(60)
class ContextPropagationTest {

    private static final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private static final SdkTracerProvider tracing =
            SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
    private static final Tracer tracer = tracing.get("structex-test");

    @BeforeAll
    static void registerAccessors() {
        ContextRegistry.getInstance().registerThreadLocalAccessor(new Slf4jThreadLocalAccessor());
        ContextRegistry.getInstance().registerThreadLocalAccessor(new OtelContextAccessor());
    }

    @AfterAll
    static void stopTracing() {
        tracing.close();
    }

    @AfterEach
    void clearThisThread() {
        MDC.clear();
        spans.reset();
    }

    private static StructuredExecutorBuilder decorated() {
        return StructuredExecutor.builder().taskDecorator(ContextPropagation.decorator());
    }

    @Test
    void submit_mdcValueSetBeforeSubmit_isSeenInTheTask() throws Exception {
        MDC.put("request", "r-1");
        try (StructuredExecutor executor = decorated().open()) {
            assertThat(executor.submit(() -> MDC.get("request")).get()).isEqualTo("r-1");
        }
    }

    @Test
    void submit_mdcChangedAfterSubmit_taskSeesTheValueAtSubmit() throws Exception {
        MDC.put("request", "before");
        try (StructuredExecutor executor = decorated().maxConcurrency(1).open()) {
            CountDownLatch release = new CountDownLatch(1);
            executor.submit(
                    () -> {
                        release.await();
                        return null;
                    });
            var seen = executor.submit(() -> MDC.get("request")); // queued: captured now
            MDC.put("request", "after");
            release.countDown();
            assertThat(seen.get()).isEqualTo("before");
        }
    }

    @Test
    void submit_spanCurrentAtSubmit_isTheParentOfASpanStartedInTheTask() throws Exception {
        Span request = tracer.spanBuilder("request").startSpan();
        try (Scope ignored = request.makeCurrent();
                StructuredExecutor executor = decorated().open()) {
            executor.submit(
                            () -> {
                                tracer.spanBuilder("task").startSpan().end();
                                return null;
                            })
                    .get();
        } finally {
            request.end();
        }
        SpanData task = finished("task");
        assertThat(task.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
        assertThat(task.getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
    }

    @Test
    void childScope_openedInATaskWithTheDecorator_itsTasksSeeTheValues() throws Exception {
        MDC.put("request", "r-2");
        Span request = tracer.spanBuilder("request").startSpan();
        try (Scope ignored = request.makeCurrent();
                StructuredExecutor parent = decorated().open()) {
            String seen =
                    parent.submit(
                                    () -> {
                                        try (StructuredExecutor child = decorated().open()) {
                                            return child.submit(
                                                            () -> {
                                                                tracer.spanBuilder("grandchild")
                                                                        .startSpan()
                                                                        .end();
                                                                return MDC.get("request");
                                                            })
                                                    .get();
                                        }
                                    })
                            .get();
            assertThat(seen).isEqualTo("r-2");
        } finally {
            request.end();
        }
        assertThat(finished("grandchild").getParentSpanId())
                .isEqualTo(request.getSpanContext().getSpanId());
    }

    @Test
    void boundedWorker_nextTask_seesNothingOfThePreviousTasksContext() throws Exception {
        try (StructuredExecutor executor = decorated().maxConcurrency(1).open()) {
            MDC.put("request", "first");
            Span first = tracer.spanBuilder("first").startSpan();
            try (Scope ignored = first.makeCurrent()) {
                executor.submit(() -> MDC.get("request")).get();
            } finally {
                first.end();
            }
            MDC.clear(); // the second submitter has no context at all
            List<Object> seen =
                    executor.submit(
                                    () ->
                                            List.<Object>of(
                                                    String.valueOf(MDC.get("request")),
                                                    Span.current().getSpanContext().isValid(),
                                                    Context.current() == Context.root()))
                            .get();
            assertThat(seen).containsExactly("null", false, true);
        }
    }

    @Test
    void boundedWorker_afterATask_threadHoldsWhatItHeldBefore() throws Exception {
        try (StructuredExecutor executor = decorated().maxConcurrency(1).open()) {
            MDC.put("request", "r-3");
            executor.submit(() -> null).get();
            // The same worker runs an undecorated check: nothing of the task is left in it.
            MDC.clear();
            assertThat(
                            executor.submit(
                                            () -> {
                                                MDC.put("own", "x"); // the task's own value
                                                return MDC.get("request");
                                            })
                                    .get())
                    .isNull();
            assertThat(executor.submit(() -> MDC.get("own")).get()).isNull();
        }
    }

    @Test
    void decorator_nullRegistry_throwsAtTheCall() {
        assertThatThrownBy(() -> ContextPropagation.decorator(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("registry");
    }

    private static SpanData finished(String name) {
        return spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no finished span " + name));
    }
}
