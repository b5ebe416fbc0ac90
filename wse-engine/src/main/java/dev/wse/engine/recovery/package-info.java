/**
 * Message recovery: per-topic ring buffers with an epoch and offsets, so a reconnecting
 * client gets exactly the messages it missed.
 */
@NullMarked
package dev.wse.engine.recovery;

import org.jspecify.annotations.NullMarked;
