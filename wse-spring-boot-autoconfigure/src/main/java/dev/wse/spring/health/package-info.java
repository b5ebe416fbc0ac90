/**
 * Health indicator for the WSE engine.
 */
@NullMarked
package dev.wse.spring.health;

import org.jspecify.annotations.NullMarked;
