package dev.wse.client;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A one-connection RFC 6455 server for client tests: accepts the upgrade, records the
 * request headers, lets the test write frames and read the client's frames.
 */
final class TestWebSocketServer implements AutoCloseable {

	static final int TEXT = 1;

	static final int BINARY = 2;

	static final int CLOSE = 8;

	static final int PING = 9;

	private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

	private final ServerSocket server;

	private final BlockingQueue<Frame> received = new LinkedBlockingQueue<>();

	private final Map<String, String> requestHeaders = new LinkedHashMap<>();

	private volatile String requestLine = "";

	private volatile Socket socket;

	private volatile OutputStream out;

	TestWebSocketServer() throws IOException {
		this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
	}

	URI uri() {
		return URI.create("ws://127.0.0.1:" + this.server.getLocalPort() + "/wse");
	}

	/**
	 * Accept the connection and complete the upgrade, then read frames in the background.
	 */
	void accept() throws IOException {
		this.socket = this.server.accept();
		InputStream in = this.socket.getInputStream();
		this.out = this.socket.getOutputStream();
		String[] lines = readHead(in).split("\r\n");
		this.requestLine = lines[0];
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			this.requestHeaders.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
					lines[i].substring(colon + 1).trim());
		}
		String accept = acceptKey(this.requestHeaders.get("sec-websocket-key"));
		String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
				+ "Sec-WebSocket-Accept: " + accept + "\r\n\r\n";
		this.out.write(response.getBytes(StandardCharsets.US_ASCII));
		this.out.flush();
		Thread reader = new Thread(() -> readFrames(in), "test-ws-reader");
		reader.setDaemon(true);
		reader.start();
	}

	String requestLine() {
		return this.requestLine;
	}

	String header(String name) {
		return this.requestHeaders.get(name.toLowerCase(Locale.ROOT));
	}

	void sendText(String text) throws IOException {
		writeFrame(true, TEXT, text.getBytes(StandardCharsets.UTF_8));
	}

	void sendBinary(byte[] bytes) throws IOException {
		writeFrame(true, BINARY, bytes);
	}

	/**
	 * Send a text message split into frames at the given character positions.
	 */
	void sendFragmentedText(String... parts) throws IOException {
		for (int i = 0; i < parts.length; i++) {
			writeFrame(i == parts.length - 1, (i == 0) ? TEXT : 0, parts[i].getBytes(StandardCharsets.UTF_8));
		}
	}

	void sendClose(int code, String reason) throws IOException {
		byte[] text = reason.getBytes(StandardCharsets.UTF_8);
		byte[] payload = new byte[2 + text.length];
		payload[0] = (byte) (code >> 8);
		payload[1] = (byte) code;
		System.arraycopy(text, 0, payload, 2, text.length);
		writeFrame(true, CLOSE, payload);
	}

	Frame nextFrame() throws InterruptedException {
		Frame frame = this.received.poll(5, TimeUnit.SECONDS);
		if (frame == null) {
			throw new AssertionError("No frame from the client within 5 s");
		}
		return frame;
	}

	Frame nextDataFrame() throws InterruptedException {
		while (true) {
			Frame frame = nextFrame();
			if (frame.opcode() == TEXT || frame.opcode() == BINARY) {
				return frame;
			}
		}
	}

	@Override
	public void close() throws IOException {
		if (this.socket != null) {
			this.socket.close();
		}
		this.server.close();
	}

	private synchronized void writeFrame(boolean fin, int opcode, byte[] payload) throws IOException {
		ByteArrayOutputStream frame = new ByteArrayOutputStream();
		frame.write((fin ? 0x80 : 0) | opcode);
		if (payload.length < 126) {
			frame.write(payload.length);
		}
		else if (payload.length < 65536) {
			frame.write(126);
			frame.write(payload.length >> 8);
			frame.write(payload.length);
		}
		else {
			frame.write(127);
			for (int shift = 56; shift >= 0; shift -= 8) {
				frame.write((int) ((long) payload.length >> shift));
			}
		}
		frame.write(payload);
		this.out.write(frame.toByteArray());
		this.out.flush();
	}

	private void readFrames(InputStream stream) {
		DataInputStream in = new DataInputStream(stream);
		try {
			while (true) {
				int first = in.readUnsignedByte();
				int second = in.readUnsignedByte();
				long length = second & 0x7F;
				if (length == 126) {
					length = in.readUnsignedShort();
				}
				else if (length == 127) {
					length = in.readLong();
				}
				byte[] mask = new byte[4];
				if ((second & 0x80) != 0) {
					in.readFully(mask);
				}
				byte[] payload = new byte[(int) length];
				in.readFully(payload);
				for (int i = 0; i < payload.length; i++) {
					payload[i] ^= mask[i % 4];
				}
				this.received.add(new Frame(first & 0x0F, payload));
			}
		}
		catch (IOException ex) {
			// Connection closed.
		}
	}

	private static String readHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		byte[] end = { '\r', '\n', '\r', '\n' };
		while (matched < 4) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("Connection closed during the handshake");
			}
			head.write(b);
			matched = (b == end[matched]) ? matched + 1 : ((b == '\r') ? 1 : 0);
		}
		return head.toString(StandardCharsets.US_ASCII).trim();
	}

	private static String acceptKey(String key) {
		try {
			MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
			return Base64.getEncoder().encodeToString(sha1.digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	record Frame(int opcode, byte[] payload) {

		String text() {
			return new String(this.payload, StandardCharsets.UTF_8);
		}

		int closeCode() {
			return ((this.payload[0] & 0xFF) << 8) | (this.payload[1] & 0xFF);
		}

	}

}
