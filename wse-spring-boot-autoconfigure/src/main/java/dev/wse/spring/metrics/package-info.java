/**
 * Micrometer meters for the WSE engine.
 */
@NullMarked
package dev.wse.spring.metrics;

import org.jspecify.annotations.NullMarked;
