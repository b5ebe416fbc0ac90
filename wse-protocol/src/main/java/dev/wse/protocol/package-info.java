/**
 * WSE v2 wire protocol.
 */
@NullMarked
package dev.wse.protocol;

import org.jspecify.annotations.NullMarked;
