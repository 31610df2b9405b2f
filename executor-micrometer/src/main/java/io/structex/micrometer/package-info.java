/**
 * Micrometer meters for structex executors: see {@link
 * io.structex.micrometer.StructuredExecutorMetrics}.
 */
@NullMarked
package io.structex.micrometer;

import org.jspecify.annotations.NullMarked;
