/**
 * Internals of the WSE client: frame assembly, send ordering, reply matching and message
 * building. Not public API.
 */
@NullMarked
package dev.wse.client.internal;

import org.jspecify.annotations.NullMarked;
