/**
 * The servers the load generator measures: raw Netty, a plain Spring
 * {@code TextWebSocketHandler}, Spring STOMP with the simple broker and WSE. Each one
 * runs as its own process (or in-process in tests) and reports its counters through
 * {@link dev.wse.bench.peer.PeerStats}.
 */
@NullMarked
package dev.wse.bench.peer;

import org.jspecify.annotations.NullMarked;
