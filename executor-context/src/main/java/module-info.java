/**
 * Context propagation for structex tasks: {@link io.structex.context.ContextPropagation} gives a
 * {@code TaskDecorator} that carries every {@code ThreadLocal} registered with Micrometer's
 * context-propagation library into each task. Needs {@code io.structex} and that library only.
 */
@SuppressWarnings({
    "requires-automatic",
    "requires-transitive-automatic"
}) // context-propagation ships no module descriptor, only an Automatic-Module-Name
module io.structex.context {
    requires transitive io.structex;
    requires transitive context.propagation;
    requires static org.jspecify;

    exports io.structex.context;
}
