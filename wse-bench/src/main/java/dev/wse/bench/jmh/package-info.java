/**
 * JMH microbenchmarks of the protocol codec, topic matching, the outbox, the rate
 * limiter, JWT verification and in-memory fan-out. Run them with
 * {@link dev.wse.bench.jmh.JmhMain} (see {@code docs/benchmarks-jmh.md}).
 */
@NullMarked
package dev.wse.bench.jmh;

import org.jspecify.annotations.NullMarked;
