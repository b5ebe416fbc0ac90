package dev.wse.bench.load;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.CharsetUtil;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Framing and parsing of the generator's dialects and its histogram.
 *
 * @author WSE team
 */
class DialectTests {

	@Test
	void findsSequenceAndTimestampInEveryFraming() {
		String body = "{" + Dialect.body(42, 1234567890123L) + "}";
		ByteBuf stomp = buf("MESSAGE\ndestination:/topic/t0\ncontent-type:application/json\nsubscription:s0\n"
				+ "message-id:x-1\ncontent-length:" + body.length() + "\n\n" + body + "\0");
		ByteBuf wse = buf("{\"tp\":\"t0\",\"c\":\"U\",\"t\":\"tick\",\"p\":{\"topic\":\"t0\","
				+ Dialect.body(42, 1234567890123L) + "},\"id\":\"x\",\"ts\":\"2026-11-26T09:00:00.000Z\",\"v\":1}");
		for (ByteBuf frame : List.of(buf(body), stomp, wse)) {
			assertThat(Dialect.sequence(frame)).isEqualTo(42);
			assertThat(Dialect.timestamp(frame)).isEqualTo(1234567890123L);
		}
		assertThat(Dialect.sequence(buf("{" + Dialect.body(-7, 1) + "}"))).isEqualTo(-7);
		assertThat(Dialect.sequence(buf("{\"c\":\"WSE\",\"t\":\"ping\"}"))).isEqualTo(Long.MIN_VALUE);
	}

	@Test
	void readinessFrames() {
		assertThat(Dialect.STOMP.isReady(buf("CONNECTED\nversion:1.2\nheart-beat:0,0\n\n\0"))).isTrue();
		assertThat(Dialect.STOMP.isReady(buf("ERROR\nmessage:x\n\n\0"))).isFalse();
		assertThat(Dialect.WSE.isReady(buf("{\"c\":\"WSE\",\"t\":\"server_ready\",\"p\":{}}"))).isTrue();
		assertThat(Dialect.WSE.isReady(buf("{\"c\":\"WSE\",\"t\":\"error\",\"p\":{\"code\":\"AUTH_FAILED\"}}")))
			.isFalse();
		assertThat(Dialect.RAW.readyOnHandshake()).isTrue();
	}

	@Test
	void framesEachDialect() {
		assertThat(Dialect.RAW.publish("t1", "\"a\":1")).isEqualTo("pub:t1:{\"a\":1}");
		assertThat(Dialect.STOMP.publish("t1", "\"a\":1"))
			.isEqualTo("SEND\ndestination:/topic/t1\ncontent-type:application/json\n\n{\"a\":1}\0");
		assertThat(Dialect.WSE.subscribe(List.of("t1", "t2"), 0)).containsExactly(
				"{\"t\":\"subscription_update\",\"p\":{\"action\":\"subscribe\",\"topics\":[\"t1\",\"t2\"]}}");
		assertThat(Dialect.WSE.publish("t1", "\"a\":1"))
			.isEqualTo("{\"t\":\"bench.publish\",\"p\":{\"topic\":\"t1\",\"a\":1}}");
	}

	@Test
	void histogramPercentilesAreWithinTwoPercent() {
		Histogram histogram = new Histogram();
		for (int i = 1; i <= 1000; i++) {
			histogram.record(i * 1_000_000L);
		}
		assertThat(histogram.count()).isEqualTo(1000);
		assertThat(histogram.percentile(50)).isBetween(500_000_000L, 510_000_000L);
		assertThat(histogram.percentile(99)).isBetween(990_000_000L, 1_010_000_000L);
		histogram.reset();
		assertThat(histogram.percentile(99)).isZero();
	}

	@Test
	void jwtIsCompactHs256() {
		String token = new Jwt("0123456789abcdef0123456789abcdef").token("alice");
		assertThat(token.split("\\.")).hasSize(3);
		assertThat(token).startsWith("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.");
	}

	private static ByteBuf buf(String text) {
		return Unpooled.copiedBuffer(text, CharsetUtil.UTF_8);
	}

}
