/**
 * WSE sample application: a chat, live price ticks and a development token endpoint.
 */
@NullMarked
package dev.wse.sample;

import org.jspecify.annotations.NullMarked;
