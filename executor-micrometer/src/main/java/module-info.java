/**
 * structex's Micrometer meters: {@link io.structex.micrometer.StructuredExecutorMetrics} binds an
 * executor's counters to a {@code MeterRegistry}. Needs {@code io.structex} and Micrometer only.
 */
@SuppressWarnings({
    "requires-automatic",
    "requires-transitive-automatic"
}) // Micrometer ships no module descriptor, only an Automatic-Module-Name
module io.structex.micrometer {
    requires transitive io.structex;
    requires transitive micrometer.core;
    requires static org.jspecify;

    exports io.structex.micrometer;
}
