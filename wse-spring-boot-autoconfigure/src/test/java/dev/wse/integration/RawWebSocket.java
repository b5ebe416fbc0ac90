package dev.wse.integration;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A WebSocket client on a plain socket, for what the JDK client refuses to send: it
 * performs the RFC 6455 upgrade by hand and writes hand-made frames (invalid UTF-8,
 * unmasked frames, lying length headers, half-sent frames). Frames from the server are
 * collected in the background (from the start, or from {@link #startReading()} on for a
 * peer that does not read at first); a close frame completes {@link #closeCode()}, and is
 * answered only after {@link #answerCloseFrames()}.
 */
final class RawWebSocket implements AutoCloseable {

	static final int CONTINUATION = 0x0;

	static final int TEXT = 0x1;

	static final int BINARY = 0x2;

	static final int CLOSE = 0x8;

	static final int PING = 0x9;

	static final int PONG = 0xA;

	/**
	 * {@link #closeCode()} when the server dropped the TCP connection without a close
	 * frame.
	 */
	static final int NO_CLOSE_FRAME = -1;

	private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Socket socket;

	private final OutputStream out;

	private final int status;

	private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();

	private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

	private final CompletableFuture<Void> ended = new CompletableFuture<>();

	private final BlockingQueue<byte[]> pongs = new LinkedBlockingQueue<>();

	private final CountDownLatch reading = new CountDownLatch(1);

	private volatile boolean answerCloseFrames;

	private RawWebSocket(Socket socket, int status) {
		this.socket = socket;
		this.status = status;
		try {
			this.out = socket.getOutputStream();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Upgrade a new loopback connection to {@code /wse}, with a bearer token when one is
	 * given.
	 */
	static RawWebSocket connect(int port, String token) throws IOException {
		return connect(port, token, Map.of());
	}

	/**
	 * Upgrade a new loopback connection to {@code /wse} with extra request headers.
	 */
	static RawWebSocket connect(int port, String token, Map<String, String> extraHeaders) throws IOException {
		RawWebSocket webSocket = connectWithoutReading(port, token, extraHeaders);
		webSocket.startReading();
		return webSocket;
	}

	/**
	 * Upgrade a new loopback connection to {@code /wse} but read nothing from it until
	 * {@link #startReading()}: what the server sends piles up in the socket buffers.
	 */
	static RawWebSocket connectWithoutReading(int port, String token) throws IOException {
		return connectWithoutReading(port, token, Map.of());
	}

	private static RawWebSocket connectWithoutReading(int port, String token, Map<String, String> extraHeaders)
			throws IOException {
		Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
		socket.setSoTimeout((int) TestClients.WAIT.toMillis());
		byte[] nonce = new byte[16];
		RANDOM.nextBytes(nonce);
		String key = Base64.getEncoder().encodeToString(nonce);
		StringBuilder request = new StringBuilder("GET /wse HTTP/1.1\r\n").append("Host: localhost:" + port + "\r\n")
			.append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
			.append("Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n");
		if (token != null) {
			request.append("Authorization: Bearer " + token + "\r\n");
		}
		extraHeaders.forEach((name, value) -> request.append(name + ": " + value + "\r\n"));
		socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
		InputStream in = socket.getInputStream();
		Map<String, String> headers = new LinkedHashMap<>();
		String[] lines = readHead(in).split("\r\n");
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			if (colon > 0) {
				headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
						lines[i].substring(colon + 1).trim());
			}
		}
		int status = Integer.parseInt(lines[0].split(" ")[1]);
		RawWebSocket webSocket = new RawWebSocket(socket, status);
		if (status == 101) {
			if (!acceptKey(key).equals(headers.get("sec-websocket-accept"))) {
				socket.close();
				throw new IOException("Bad Sec-WebSocket-Accept: " + headers.get("sec-websocket-accept"));
			}
			socket.setSoTimeout(0);
			Thread reader = new Thread(() -> webSocket.readFrames(in), "raw-ws-reader");
			reader.setDaemon(true);
			reader.start();
		}
		else {
			socket.close();
		}
		return webSocket;
	}

	/**
	 * Return the HTTP status of the upgrade response (101 when upgraded).
	 */
	int status() {
		return this.status;
	}

	/**
	 * Start reading the frames the server sends.
	 */
	void startReading() {
		this.reading.countDown();
	}

	/**
	 * Answer the server's close frame with a close frame of the same code, as a
	 * well-behaved peer does.
	 */
	void answerCloseFrames() {
		this.answerCloseFrames = true;
	}

	/**
	 * Send a close frame with a code.
	 */
	void sendClose(int code) throws IOException {
		sendFrame(true, CLOSE, new byte[] { (byte) (code >> 8), (byte) code });
	}

	void sendText(String text) throws IOException {
		sendFrame(true, TEXT, text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Send one masked frame, with the given bytes as its payload whatever the opcode.
	 */
	void sendFrame(boolean fin, int opcode, byte[] payload) throws IOException {
		sendFrame(fin, opcode, payload, true, payload.length);
	}

	/**
	 * Send a frame whose header may lie: {@code declaredLength} is written as the payload
	 * length, but only {@code payload} follows; {@code masked=false} breaks RFC 6455 for
	 * client frames.
	 */
	synchronized void sendFrame(boolean fin, int opcode, byte[] payload, boolean masked, long declaredLength)
			throws IOException {
		ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
		frame.write((fin ? 0x80 : 0) | opcode);
		int maskBit = masked ? 0x80 : 0;
		if (declaredLength < 126) {
			frame.write(maskBit | (int) declaredLength);
		}
		else if (declaredLength < 65536) {
			frame.write(maskBit | 126);
			frame.write((int) (declaredLength >> 8));
			frame.write((int) declaredLength);
		}
		else {
			frame.write(maskBit | 127);
			for (int shift = 56; shift >= 0; shift -= 8) {
				frame.write((int) (declaredLength >> shift));
			}
		}
		byte[] body = payload.clone();
		if (masked) {
			byte[] mask = new byte[4];
			RANDOM.nextBytes(mask);
			frame.write(mask, 0, 4);
			for (int i = 0; i < body.length; i++) {
				body[i] ^= mask[i % 4];
			}
		}
		frame.write(body, 0, body.length);
		this.out.write(frame.toByteArray());
		this.out.flush();
	}

	/**
	 * Wait for a text frame from the server that matches.
	 * @throws AssertionError if none arrives in time
	 */
	String awaitText(Predicate<String> predicate, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			long left = deadline - System.nanoTime();
			String text = (left > 0) ? this.texts.poll(left, TimeUnit.NANOSECONDS) : null;
			if (text == null) {
				throw new AssertionError("No matching text frame within " + timeout);
			}
			if (predicate.test(text)) {
				return text;
			}
		}
	}

	/**
	 * Return the code of the server's close frame, or {@link #NO_CLOSE_FRAME}.
	 */
	CompletableFuture<Integer> closeCode() {
		return this.closeCode;
	}

	/**
	 * Wait for the server to close the connection and return its close code.
	 */
	int awaitClose(Duration timeout) throws Exception {
		return this.closeCode.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Wait for the server to end the TCP connection (this side never answers a close
	 * frame).
	 * @return whether it ended in time
	 */
	boolean awaitEnd(Duration timeout) throws Exception {
		try {
			this.ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (java.util.concurrent.TimeoutException ex) {
			return false;
		}
	}

	/**
	 * Wait for a pong frame and return its payload.
	 * @throws AssertionError if none arrives in time
	 */
	byte[] awaitPong(Duration timeout) throws InterruptedException {
		byte[] payload = this.pongs.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		if (payload == null) {
			throw new AssertionError("No pong within " + timeout);
		}
		return payload;
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

	private void readFrames(InputStream stream) {
		DataInputStream in = new DataInputStream(stream);
		ByteArrayOutputStream message = new ByteArrayOutputStream();
		try {
			this.reading.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
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
				byte[] payload = new byte[(int) length];
				in.readFully(payload);
				int opcode = first & 0x0F;
				if (opcode == CLOSE) {
					this.closeCode
						.complete((payload.length >= 2) ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005);
					if (this.answerCloseFrames) {
						sendFrame(true, CLOSE, payload);
					}
					// read on until the server ends the connection
					while (in.read() >= 0) {
						// discard
					}
					this.ended.complete(null);
					return;
				}
				if (opcode == PONG) {
					this.pongs.add(payload);
					continue;
				}
				if (opcode == TEXT || opcode == BINARY || opcode == CONTINUATION) {
					message.write(payload, 0, payload.length);
					if ((first & 0x80) != 0) {
						this.texts.add(message.toString(StandardCharsets.UTF_8));
						message.reset();
					}
				}
			}
		}
		catch (IOException ex) {
			this.closeCode.complete(NO_CLOSE_FRAME);
			this.ended.complete(null);
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

}
