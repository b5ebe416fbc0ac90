package dev.wse.engine.handler.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method that implements an RPC method clients call. Parameters as for
 * {@link OnMessage}, where the payload parameter receives the call's arguments; the
 * return value is the result.
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnRpc {

	/**
	 * The RPC method name.
	 * @return the name
	 */
	String value();

}
