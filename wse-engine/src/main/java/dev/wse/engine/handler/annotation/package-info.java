/**
 * Annotations for handler methods, discovered by
 * {@link dev.wse.engine.handler.HandlerRegistry#registerAnnotated(Object)} and by the
 * Spring module.
 */
@NullMarked
package dev.wse.engine.handler.annotation;

import org.jspecify.annotations.NullMarked;
