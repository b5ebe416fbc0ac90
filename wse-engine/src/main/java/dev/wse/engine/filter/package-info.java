/**
 * Subscription message filters: a small MongoDB-like query language evaluated against the
 * payload of each publication, so that a subscriber receives only the messages it asked
 * for. Entry point: {@link dev.wse.engine.filter.MessageFilter}.
 */
@NullMarked
package dev.wse.engine.filter;

import org.jspecify.annotations.NullMarked;
