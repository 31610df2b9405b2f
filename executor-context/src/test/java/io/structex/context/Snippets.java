package io.structex.context;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import io.structex.StructuredExecutor;
import org.slf4j.MDC;

/** Compiled examples for the javadoc's {@code @snippet} tags. */
final class Snippets {

    private Snippets() {}

    static void decorator() throws Exception {
        // @start region=decorator
        // once, at start-up (Spring Boot and Micrometer Tracing register theirs themselves):
        ContextRegistry.getInstance().registerThreadLocalAccessor(new Slf4jThreadLocalAccessor());

        MDC.put("request", "r-42");
        try (StructuredExecutor executor =
                StructuredExecutor.builder().taskDecorator(ContextPropagation.decorator()).open()) {
            executor.submit(() -> MDC.get("request")).get(); // "r-42", in the task's thread
        }
        // @end
    }
}
