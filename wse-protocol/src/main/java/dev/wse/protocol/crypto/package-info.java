/**
 * WSE v2 wire protocol: crypto.
 */
@NullMarked
package dev.wse.protocol.crypto;

import org.jspecify.annotations.NullMarked;
