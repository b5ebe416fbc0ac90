package dev.wse.engine.handler.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method that supplies snapshots of the topics matching a name or glob pattern
 * (see {@link dev.wse.engine.handler.SnapshotProvider}). Parameters may be a
 * {@code String} (the topic) and the types {@link OnMessage} methods take except the
 * payload.
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnSnapshot {

	/**
	 * The topic or glob pattern the method supplies snapshots for.
	 * @return the topic or pattern
	 */
	String value();

	/**
	 * The type of the snapshot messages; it always has category {@code S}.
	 * @return the type
	 */
	String type() default "topic_snapshot";

}
