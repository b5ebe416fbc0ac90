/**
 * WSE engine: handler.
 */
@NullMarked
package dev.wse.engine.handler;

import org.jspecify.annotations.NullMarked;
