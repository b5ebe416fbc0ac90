/**
 * WSE v2 wire protocol: codec.
 */
@NullMarked
package dev.wse.protocol.codec;

import org.jspecify.annotations.NullMarked;
