/**
 * WSE engine: transport.
 */
@NullMarked
package dev.wse.engine.transport;

import org.jspecify.annotations.NullMarked;
