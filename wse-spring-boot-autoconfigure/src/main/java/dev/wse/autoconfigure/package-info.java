/**
 * Auto-configuration for the WSE engine.
 */
@NullMarked
package dev.wse.autoconfigure;

import org.jspecify.annotations.NullMarked;
