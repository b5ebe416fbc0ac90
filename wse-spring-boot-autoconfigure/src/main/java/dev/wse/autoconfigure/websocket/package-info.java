/**
 * Auto-configuration for the WSE servlet WebSocket endpoint.
 */
@NullMarked
package dev.wse.autoconfigure.websocket;

import org.jspecify.annotations.NullMarked;
