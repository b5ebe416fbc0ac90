/**
 * The load generator: a Netty WebSocket client speaking each peer's dialect, the
 * scenarios, and the runner that drives the benchmark matrix.
 */
@NullMarked
package dev.wse.bench.load;

import org.jspecify.annotations.NullMarked;
