package dev.wse.spring.websocket;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import dev.wse.engine.transport.InboundHandler;
import dev.wse.engine.transport.OutboundFrame;
import dev.wse.engine.transport.TransportSession;
import dev.wse.engine.transport.WriteCallback;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InboundBinding}.
 *
 * @author WSE team
 */
class InboundBindingTests {

	private final RecordingTransport transport = new RecordingTransport();

	private final RecordingHandler handler = new RecordingHandler();

	@Test
	void deliversReassembledTextAndBinaryMessages() {
		InboundBinding binding = new InboundBinding(this.transport, 100);
		binding.bind(this.handler);
		binding.text("{\"t\":", false);
		binding.text("\"x\"}", true);
		binding.binary(ByteBuffer.wrap(new byte[] { 1 }), false);
		binding.binary(ByteBuffer.wrap(new byte[] { 2 }), true);
		assertThat(this.handler.events).containsExactly("text {\"t\":\"x\"}", "binary 2");
	}

	@Test
	void oversizedMessageClosesWith1009AndDropsTheRest() {
		InboundBinding binding = new InboundBinding(this.transport, 8);
		binding.bind(this.handler);
		binding.text("12345", false);
		binding.text("67890", false);
		binding.text("more", true);
		binding.text("{}", true);
		assertThat(this.transport.closes).containsExactly("1009 Message too big");
		assertThat(this.handler.events).isEmpty();
		binding.closed(1009, "Message too big");
		assertThat(this.handler.events).containsExactly("close 1009 Message too big");
	}

	@Test
	void closeIsReportedOnce() {
		InboundBinding binding = new InboundBinding(this.transport, 100);
		binding.bind(this.handler);
		binding.closed(1000, "bye");
		binding.closed(1006, "");
		binding.text("late", true);
		assertThat(this.handler.events).containsExactly("close 1000 bye");
	}

	@Test
	void closeBeforeTheEngineReturnedItsHandlerIsDeliveredOnBind() {
		InboundBinding binding = new InboundBinding(this.transport, 100);
		binding.closed(1001, "going away");
		binding.bind(this.handler);
		assertThat(this.handler.events).containsExactly("close 1001 going away");
	}

	static class RecordingHandler implements InboundHandler {

		final List<String> events = new ArrayList<>();

		@Override
		public void onText(String text) {
			this.events.add("text " + text);
		}

		@Override
		public void onBinary(byte[] data) {
			this.events.add("binary " + data.length);
		}

		@Override
		public void onClose(int code, String reason) {
			this.events.add("close " + code + " " + reason);
		}

	}

	static class RecordingTransport implements TransportSession {

		final List<String> closes = new ArrayList<>();

		@Override
		public void write(List<OutboundFrame> frames, WriteCallback callback) {
			callback.completed(null);
		}

		@Override
		public void close(int code, String reason) {
			this.closes.add(code + " " + reason);
		}

		@Override
		public boolean isOpen() {
			return this.closes.isEmpty();
		}

	}

}
