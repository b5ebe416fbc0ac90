/**
 * Presence: which users are in a topic, with their data, grouped by user across
 * connections.
 */
@NullMarked
package dev.wse.engine.presence;

import org.jspecify.annotations.NullMarked;
