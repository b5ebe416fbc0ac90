/**
 * Benchmarks of WSE: the benchmark matrix runner ({@link dev.wse.bench.Matrix}) and a
 * quick in-memory fan-out measurement; the load generator is in
 * {@code dev.wse.bench.load}, the peer servers it measures in {@code dev.wse.bench.peer},
 * the JMH microbenchmarks in {@code dev.wse.bench.jmh}.
 */
@NullMarked
package dev.wse.bench;

import org.jspecify.annotations.NullMarked;
