/**
 * WSE engine: topic.
 */
@NullMarked
package dev.wse.engine.topic;

import org.jspecify.annotations.NullMarked;
