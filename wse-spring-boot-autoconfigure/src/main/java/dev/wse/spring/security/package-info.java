/**
 * Handshake authentication with Spring Security's {@code JwtDecoder}.
 */
@NullMarked
package dev.wse.spring.security;

import org.jspecify.annotations.NullMarked;
