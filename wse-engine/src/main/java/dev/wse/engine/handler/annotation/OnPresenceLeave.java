package dev.wse.engine.handler.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method called when a user leaves a topic's presence (their last connection
 * there). The method takes one {@link dev.wse.engine.presence.PresenceChange} parameter,
 * or none. It runs on the thread that caused the change: keep it short.
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OnPresenceLeave {

}
