/**
 * Auto-configuration for WSE handshake authentication.
 */
@NullMarked
package dev.wse.autoconfigure.security;

import org.jspecify.annotations.NullMarked;
