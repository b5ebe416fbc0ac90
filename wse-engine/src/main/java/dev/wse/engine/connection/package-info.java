/**
 * WSE engine: connection.
 */
@NullMarked
package dev.wse.engine.connection;

import org.jspecify.annotations.NullMarked;
