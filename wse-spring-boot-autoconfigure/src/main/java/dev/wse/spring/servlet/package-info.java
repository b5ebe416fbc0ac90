/**
 * WSE's own WebSocket protocol (RFC 6455) on the servlet container's connection upgrade
 * and non-blocking I/O: the default servlet transport on Tomcat.
 */
@NullMarked
package dev.wse.spring.servlet;

import org.jspecify.annotations.NullMarked;
