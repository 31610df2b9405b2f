/**
 * structex: Python's {@code concurrent.futures} executor semantics on Java 21+ virtual threads.
 * Exports {@code io.structex} only; JSpecify's and Error Prone's annotations are needed at compile
 * time only, by this module: not {@code transitive}, so a module that {@code requires io.structex}
 * compiles without them (consumer-tests/src/it/jpms).
 */
module io.structex {
    requires static org.jspecify;
    requires static com.google.errorprone.annotations;
    requires jdk.jfr;

    exports io.structex;
}
