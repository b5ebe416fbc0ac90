package dev.wse.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * How the generator talks to each kind of peer. Every message the generator measures
 * carries {@code "bseq":<sequence>,"bts":<System.nanoTime() at send>} in its JSON body,
 * whatever the framing around it, so receivers find both by scanning the frame.
 *
 * @author WSE team
 */
public enum Dialect {

	/**
	 * The text commands of the raw Netty and plain Spring peers ({@code sub:},
	 * {@code pub:}, {@code in:}, {@code echo:}); ready when the WebSocket handshake
	 * completes; no authentication.
	 */
	RAW {

		@Override
		List<String> subscribe(List<String> topics, int connection) {
			List<String> messages = new ArrayList<>();
			topics.forEach((topic) -> messages.add("sub:" + topic));
			return messages;
		}

		@Override
		String publish(String topic, String body) {
			return "pub:" + topic + ":{" + body + "}";
		}

		@Override
		String inbound(String body) {
			return "in:{" + body + "}";
		}

		@Override
		String echo(String body, int connection) {
			return "echo:{" + body + "}";
		}

	},

	/**
	 * STOMP 1.2 frames over the WebSocket: {@code CONNECT} (ready on {@code CONNECTED}),
	 * {@code SUBSCRIBE /topic/<t>}, {@code SEND /topic/<t>} to publish through the simple
	 * broker, {@code SEND /app/noop}, {@code SEND /app/echo} answered on
	 * {@code /topic/echo-<connection>}; no authentication.
	 */
	STOMP {

		@Override
		@Nullable String onHandshake() {
			return "CONNECT\naccept-version:1.2\nhost:localhost\nheart-beat:0,0\n\n\0";
		}

		@Override
		boolean isReady(ByteBuf frame) {
			return startsWith(frame, CONNECTED);
		}

		@Override
		List<String> subscribe(List<String> topics, int connection) {
			List<String> messages = new ArrayList<>();
			for (int i = 0; i < topics.size(); i++) {
				messages.add("SUBSCRIBE\nid:s" + i + "\ndestination:/topic/" + topics.get(i) + "\nack:auto\n\n\0");
			}
			return messages;
		}

		@Override
		String publish(String topic, String body) {
			return "SEND\ndestination:/topic/" + topic + "\ncontent-type:application/json\n\n{" + body + "}\0";
		}

		@Override
		String inbound(String body) {
			return "SEND\ndestination:/app/noop\ncontent-type:text/plain\n\n{" + body + "}\0";
		}

		@Override
		String echo(String body, int connection) {
			return "SEND\ndestination:/app/echo\ncontent-type:text/plain\nx-reply:" + connection + "\n\n{" + body
					+ "}\0";
		}

		@Override
		List<String> echoSetup(int connection) {
			return List.of("SUBSCRIBE\nid:echo\ndestination:/topic/echo-" + connection + "\n\n\0");
		}

	},

	/**
	 * WSE v2 as the real clients speak it: JWT in {@code Authorization: Bearer}, ready on
	 * {@code server_ready}, then a minimal {@code client_hello};
	 * {@code subscription_update} to subscribe, {@code bench.publish} /
	 * {@code bench.noop} / {@code bench.echo} application messages to the peer's handler.
	 */
	WSE {

		@Override
		boolean isReady(ByteBuf frame) {
			return indexOf(frame, SERVER_READY) >= 0;
		}

		@Override
		@Nullable String afterReady() {
			return "{\"t\":\"client_hello\",\"p\":{\"client_version\":\"wse-bench/0.1.0\",\"protocol_version\":1}}";
		}

		@Override
		boolean authenticates() {
			return true;
		}

		@Override
		List<String> subscribe(List<String> topics, int connection) {
			StringBuilder json = new StringBuilder(
					"{\"t\":\"subscription_update\",\"p\":{\"action\":\"subscribe\",\"topics\":[");
			for (int i = 0; i < topics.size(); i++) {
				json.append((i > 0) ? ",\"" : "\"").append(topics.get(i)).append('"');
			}
			return List.of(json.append("]}}").toString());
		}

		@Override
		String publish(String topic, String body) {
			return "{\"t\":\"bench.publish\",\"p\":{\"topic\":\"" + topic + "\"," + body + "}}";
		}

		@Override
		String inbound(String body) {
			return "{\"t\":\"bench.noop\",\"p\":{" + body + "}}";
		}

		@Override
		String echo(String body, int connection) {
			return "{\"t\":\"bench.echo\",\"p\":{" + body + "}}";
		}

	};

	private static final byte[] CONNECTED = "CONNECTED".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] SERVER_READY = "\"server_ready\"".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] SEQ = "\"bseq\":".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] TS = "\"bts\":".getBytes(StandardCharsets.US_ASCII);

	/**
	 * The text to send when the WebSocket handshake completes, or null.
	 * @return the text
	 */
	@Nullable String onHandshake() {
		return null;
	}

	/**
	 * Whether a frame received before the connection is ready makes it ready.
	 * @param frame the frame content
	 * @return whether the connection is now ready
	 */
	boolean isReady(ByteBuf frame) {
		return true;
	}

	/**
	 * Whether a connection is ready when its handshake completes.
	 * @return whether no further frame is awaited
	 */
	boolean readyOnHandshake() {
		return this == RAW;
	}

	/**
	 * The text to send once ready, or null.
	 * @return the text
	 */
	@Nullable String afterReady() {
		return null;
	}

	/**
	 * Whether handshakes carry a JWT.
	 * @return whether the dialect authenticates
	 */
	boolean authenticates() {
		return false;
	}

	/**
	 * The messages subscribing a connection to topics.
	 * @param topics the topics
	 * @param connection the connection index
	 * @return the messages
	 */
	abstract List<String> subscribe(List<String> topics, int connection);

	/**
	 * A publication message.
	 * @param topic the topic
	 * @param body the JSON members (without braces)
	 * @return the message
	 */
	abstract String publish(String topic, String body);

	/**
	 * A message for the no-op handler.
	 * @param body the JSON members
	 * @return the message
	 */
	abstract String inbound(String body);

	/**
	 * A request that is answered with the body.
	 * @param body the JSON members
	 * @param connection the connection index
	 * @return the message
	 */
	abstract String echo(String body, int connection);

	/**
	 * The messages preparing a connection for echo requests.
	 * @param connection the connection index
	 * @return the messages
	 */
	List<String> echoSetup(int connection) {
		return List.of();
	}

	/**
	 * The JSON members of a measured message.
	 * @param seq the sequence number
	 * @param nanos the send time
	 * @return the members
	 */
	static String body(long seq, long nanos) {
		return "\"bseq\":" + seq + ",\"bts\":" + nanos + ",\"symbol\":\"AAPL\",\"price\":187.42,\"volume\":1200";
	}

	/**
	 * The sequence number in a frame.
	 * @param frame the frame
	 * @return the number, or {@link Long#MIN_VALUE} when the frame has none
	 */
	static long sequence(ByteBuf frame) {
		return number(frame, SEQ);
	}

	/**
	 * The send time in a frame.
	 * @param frame the frame
	 * @return the time, or {@link Long#MIN_VALUE} when the frame has none
	 */
	static long timestamp(ByteBuf frame) {
		return number(frame, TS);
	}

	private static long number(ByteBuf frame, byte[] key) {
		int at = indexOf(frame, key);
		if (at < 0) {
			return Long.MIN_VALUE;
		}
		int i = at + key.length;
		boolean negative = false;
		if (i < frame.writerIndex() && frame.getByte(i) == '-') {
			negative = true;
			i++;
		}
		long value = 0;
		for (; i < frame.writerIndex(); i++) {
			byte b = frame.getByte(i);
			if (b < '0' || b > '9') {
				break;
			}
			value = value * 10 + (b - '0');
		}
		return negative ? -value : value;
	}

	private static boolean startsWith(ByteBuf frame, byte[] prefix) {
		if (frame.readableBytes() < prefix.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if (frame.getByte(frame.readerIndex() + i) != prefix[i]) {
				return false;
			}
		}
		return true;
	}

	static int indexOf(ByteBuf frame, byte[] needle) {
		int end = frame.writerIndex() - needle.length;
		outer: for (int i = frame.readerIndex(); i <= end; i++) {
			if (frame.getByte(i) != needle[0]) {
				continue;
			}
			for (int j = 1; j < needle.length; j++) {
				if (frame.getByte(i + j) != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

}
