/** structex for Spring Boot: see {@link io.structex.spring.StructexAutoConfiguration}. */
@NullMarked
package io.structex.spring;

import org.jspecify.annotations.NullMarked;
