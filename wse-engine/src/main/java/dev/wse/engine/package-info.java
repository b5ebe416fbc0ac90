/**
 * WSE engine.
 */
@NullMarked
package dev.wse.engine;

import org.jspecify.annotations.NullMarked;
