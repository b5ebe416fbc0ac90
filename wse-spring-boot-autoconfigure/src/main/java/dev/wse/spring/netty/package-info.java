/**
 * Spring lifecycle of the WSE engine's Netty transport.
 */
@NullMarked
package dev.wse.spring.netty;

import org.jspecify.annotations.NullMarked;
