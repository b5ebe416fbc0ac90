/**
 * Actuator endpoint for the WSE engine.
 */
@NullMarked
package dev.wse.spring.actuate;

import org.jspecify.annotations.NullMarked;
