/**
 * Annotation-based WSE handlers: {@link dev.wse.spring.annotation.WseHandler} and its
 * discovery.
 */
@NullMarked
package dev.wse.spring.annotation;

import org.jspecify.annotations.NullMarked;
