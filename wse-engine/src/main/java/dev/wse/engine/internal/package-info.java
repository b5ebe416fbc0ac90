/**
 * WSE engine: internal.
 */
@NullMarked
package dev.wse.engine.internal;

import org.jspecify.annotations.NullMarked;
