/** Context propagation for structex tasks: see {@link io.structex.context.ContextPropagation}. */
@NullMarked
package io.structex.context;

import org.jspecify.annotations.NullMarked;
