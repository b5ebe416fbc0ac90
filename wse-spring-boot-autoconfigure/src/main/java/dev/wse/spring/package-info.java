/**
 * Spring adapters for the WSE engine: lifecycle and the
 * {@link dev.wse.spring.WseTemplate}.
 */
@NullMarked
package dev.wse.spring;

import org.jspecify.annotations.NullMarked;
