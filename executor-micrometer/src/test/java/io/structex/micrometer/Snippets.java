package io.structex.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.structex.StructuredExecutor;

/** Compiled examples for the javadoc's {@code @snippet} tags. */
final class Snippets {

    private Snippets() {}

    static void bind(MeterRegistry registry) {
        // @start region=bind
        StructuredExecutor executor =
                StructuredExecutor.builder().name("crawler").maxConcurrency(16).open();
        new StructuredExecutorMetrics(executor, Tags.of("app", "search")).bindTo(registry);
        // structex_tasks_pending{app="search",name="crawler"} 0.0 ... in a Prometheus scrape
        // @end
        executor.close();
    }
}
