/**
 * Spring WebSocket transport for the WSE engine.
 */
@NullMarked
package dev.wse.spring.websocket;

import org.jspecify.annotations.NullMarked;
