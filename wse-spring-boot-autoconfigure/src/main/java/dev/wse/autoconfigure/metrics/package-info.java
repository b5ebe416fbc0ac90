/**
 * Auto-configuration for WSE Micrometer meters.
 */
@NullMarked
package dev.wse.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
