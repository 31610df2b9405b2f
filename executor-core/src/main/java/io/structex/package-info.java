/**
 * structex: Python's {@code concurrent.futures} executor semantics on Java 21+ virtual threads,
 * with structured concurrency. Start with {@link io.structex.StructuredExecutor}.
 *
 * <p>Every type and member of this package is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package io.structex;

import org.jspecify.annotations.NullMarked;
