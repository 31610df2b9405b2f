/**
 * structex for Spring Boot: {@link io.structex.spring.StructexAutoConfiguration} makes the
 * application's task executor a structex executor, with metrics and context propagation when their
 * modules are present.
 */
@SuppressWarnings({
    "requires-automatic",
    "requires-transitive-automatic"
}) // Spring ships no module descriptors, only Automatic-Module-Names
module io.structex.spring {
    requires transitive io.structex;
    requires transitive spring.core;
    requires spring.beans;
    requires spring.context;
    requires spring.boot;
    requires spring.boot.autoconfigure;
    requires static io.structex.micrometer;
    requires static io.structex.context;
    requires static micrometer.core;
    requires static org.jspecify;

    exports io.structex.spring;

    opens io.structex.spring to
            spring.core,
            spring.beans,
            spring.context;
}
