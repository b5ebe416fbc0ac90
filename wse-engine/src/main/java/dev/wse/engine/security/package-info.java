/**
 * WSE engine: security.
 */
@NullMarked
package dev.wse.engine.security;

import org.jspecify.annotations.NullMarked;
