/**
 * A Java client for WSE v2 servers, built on the JDK's {@link java.net.http.WebSocket}:
 * connect with a token, wait for {@code server_ready}, subscribe, send and receive
 * messages.
 */
@NullMarked
package dev.wse.client;

import org.jspecify.annotations.NullMarked;
