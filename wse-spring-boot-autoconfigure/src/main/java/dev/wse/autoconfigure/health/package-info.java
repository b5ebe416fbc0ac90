/**
 * Auto-configuration for the WSE health indicator.
 */
@NullMarked
package dev.wse.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
