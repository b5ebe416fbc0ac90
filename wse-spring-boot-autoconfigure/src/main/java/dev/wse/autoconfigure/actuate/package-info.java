/**
 * Auto-configuration for the WSE actuator endpoint.
 */
@NullMarked
package dev.wse.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
