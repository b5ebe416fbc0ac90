/**
 * WSE engine: a Netty WebSocket server transport, an alternative to running the engine
 * inside a servlet container.
 */
@NullMarked
package dev.wse.engine.netty;

import org.jspecify.annotations.NullMarked;
