/**
 * Benchmarks of WSE: a first in-memory fan-out measurement; the load generator, the peer
 * baselines and the JMH suite come with the benchmark issue.
 */
@NullMarked
package dev.wse.bench;

import org.jspecify.annotations.NullMarked;
