/**
 * Auto-configuration of the WSE engine's Netty transport.
 */
@NullMarked
package dev.wse.autoconfigure.netty;

import org.jspecify.annotations.NullMarked;
