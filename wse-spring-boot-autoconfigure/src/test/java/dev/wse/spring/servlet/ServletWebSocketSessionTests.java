package dev.wse.spring.servlet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.wse.engine.WseEngine;
import dev.wse.engine.transport.HandshakeRequest;
import dev.wse.engine.transport.InboundHandler;
import dev.wse.engine.transport.OutboundFrame;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.WebConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link ServletWebSocketSession} on an upgraded connection made in memory,
 * whose streams behave as Tomcat's do where it matters: a failed flush calls the write
 * listener's {@code onError} from inside the flush, then throws. The engine is a mock
 * that returns a {@link RecordingHandler}, which notes when the engine's calls for the
 * connection overlap (they must not) and whether another thread can use the session while
 * the engine is told of the close.
 *
 * @author WSE team
 */
class ServletWebSocketSessionTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private final ConnectionResources resources = new ConnectionResources();

	private final WseEngine engine = mock(WseEngine.class);

	private final RecordingHandler handler = new RecordingHandler();

	private final FakeConnection connection = new FakeConnection();

	private final ServletWebSocketSession session = new ServletWebSocketSession(this.engine,
			HandshakeRequest.of(URI.create("ws://localhost/wse"), Map.of()), 64 * 1024, this.resources);

	@AfterEach
	void closeResources() {
		this.resources.close();
	}

	@Test
	void writeFailureReportedFromInsideTheFlushEndsTheConnectionOnceOutsideTheWriteLock() throws Exception {
		open();
		this.connection.output.failFlushes = true;
		CompletableFuture<Throwable> written = new CompletableFuture<>();
		this.session.write(List.of(OutboundFrame.text("hello")), (failure) -> written.complete(failure));
		assertThat(written.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isInstanceOf(IOException.class);
		await().atMost(WAIT).until(() -> !this.handler.closes.isEmpty());
		assertThat(this.connection.output.onErrorCalls).as("Tomcat's onError from inside the flush").isOne();
		assertThat(this.handler.closes).containsExactly(1006);
		assertThat(this.handler.sessionUsableDuringOnClose).as("another thread can use the session during onClose")
			.isTrue();
		assertThat(this.session.isOpen()).isFalse();
	}

	@Test
	void onCloseWaitsForAMessageBeingDeliveredOnAnotherThread() throws Exception {
		open();
		CountDownLatch release = this.handler.holdTexts();
		this.connection.input.add(maskedText("first"));
		Thread reading = new Thread(this.session::onDataAvailable, "container-reading");
		reading.start();
		await().atMost(WAIT).until(() -> this.handler.inText.get());
		// The container destroys the connection meanwhile, on another thread.
		Thread destroying = new Thread(this.session::destroyed, "container-destroying");
		destroying.start();
		await().atMost(WAIT)
			.until(() -> destroying.getState() == Thread.State.BLOCKED || !this.handler.closes.isEmpty());
		release.countDown();
		reading.join(WAIT.toMillis());
		destroying.join(WAIT.toMillis());
		assertThat(this.handler.texts).containsExactly("first");
		assertThat(this.handler.closes).containsExactly(1006);
		assertThat(this.handler.overlapped).as("onClose during onText").isFalse();
	}

	@Test
	void closeCausedInsideADeliveryIsReportedWhenTheDeliveryReturns() throws Exception {
		open();
		// The handler answers on the reading thread, and that write fails.
		this.handler.onTextDo = () -> {
			this.connection.output.failFlushes = true;
			this.session.write(List.of(OutboundFrame.text("reply")), (failure) -> {
			});
		};
		this.connection.input.add(maskedText("request"));
		this.session.onDataAvailable();
		assertThat(this.handler.texts).containsExactly("request");
		assertThat(this.handler.closes).containsExactly(1006);
		assertThat(this.handler.overlapped).as("onClose during onText").isFalse();
	}

	@Test
	void connectionThatEndsWhileTheEngineOpensItStillReportsItsClose() throws Exception {
		given(this.engine.open(any(), any())).willAnswer((invocation) -> {
			// ended before open returns: here the container destroys it
			this.session.destroyed();
			return this.handler;
		});
		this.session.start(this.connection);
		assertThat(this.handler.closes).containsExactly(1006);
	}

	private void open() throws IOException {
		given(this.engine.open(any(), any())).willReturn(this.handler);
		this.session.start(this.connection);
		this.session.onWritePossible();
	}

	/** A masked final text frame, as a client sends it. */
	private static byte[] maskedText(String text) {
		byte[] payload = text.getBytes(StandardCharsets.UTF_8);
		byte[] mask = { 1, 2, 3, 4 };
		byte[] frame = new byte[6 + payload.length];
		frame[0] = (byte) 0x81;
		frame[1] = (byte) (0x80 | payload.length);
		System.arraycopy(mask, 0, frame, 2, 4);
		for (int i = 0; i < payload.length; i++) {
			frame[6 + i] = (byte) (payload[i] ^ mask[i & 3]);
		}
		return frame;
	}

	/**
	 * The engine's side: records messages and closes, and whether they overlapped.
	 */
	private final class RecordingHandler implements InboundHandler {

		final List<String> texts = new CopyOnWriteArrayList<>();

		final List<Integer> closes = new CopyOnWriteArrayList<>();

		final AtomicBoolean inText = new AtomicBoolean();

		volatile boolean overlapped;

		volatile boolean sessionUsableDuringOnClose;

		volatile CountDownLatch textGate = new CountDownLatch(0);

		volatile Runnable onTextDo = () -> {
		};

		CountDownLatch holdTexts() {
			CountDownLatch gate = new CountDownLatch(1);
			this.textGate = gate;
			return gate;
		}

		@Override
		public void onText(String text) {
			this.inText.set(true);
			try {
				this.texts.add(text);
				this.onTextDo.run();
				this.textGate.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				this.inText.set(false);
			}
		}

		@Override
		public void onBinary(byte[] data) {
		}

		@Override
		public void onClose(int code, String reason) {
			if (this.inText.get()) {
				this.overlapped = true;
			}
			// The engine's onClose takes locks of its own; a thread that holds one and
			// writes to this session must not wait for the session meanwhile.
			try {
				CompletableFuture.runAsync(() -> ServletWebSocketSessionTests.this.session
					.write(List.of(OutboundFrame.text("late")), (failure) -> {
					})).get(2, TimeUnit.SECONDS);
				this.sessionUsableDuringOnClose = true;
			}
			catch (TimeoutException ex) {
				this.sessionUsableDuringOnClose = false;
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
			// last: the tests wait for it
			this.closes.add(code);
		}

	}

	/**
	 * An upgraded connection in memory.
	 */
	private static final class FakeConnection implements WebConnection {

		final FakeInput input = new FakeInput();

		final FakeOutput output = new FakeOutput();

		@Override
		public ServletInputStream getInputStream() {
			return this.input;
		}

		@Override
		public ServletOutputStream getOutputStream() {
			return this.output;
		}

		@Override
		public void close() {
			this.input.closed = true;
			this.output.closed = true;
		}

	}

	private static final class FakeInput extends ServletInputStream {

		private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();

		volatile boolean closed;

		synchronized void add(byte[] chunk) {
			this.chunks.add(chunk);
		}

		@Override
		public boolean isFinished() {
			return false;
		}

		@Override
		public synchronized boolean isReady() {
			return !this.closed && !this.chunks.isEmpty();
		}

		@Override
		public void setReadListener(ReadListener listener) {
		}

		@Override
		public int read() {
			throw new UnsupportedOperationException();
		}

		@Override
		public synchronized int read(byte[] buffer, int offset, int length) {
			byte[] chunk = this.chunks.poll();
			if (chunk == null) {
				return 0;
			}
			System.arraycopy(chunk, 0, buffer, offset, chunk.length);
			return chunk.length;
		}

	}

	private static final class FakeOutput extends ServletOutputStream {

		final ByteArrayOutputStream written = new ByteArrayOutputStream();

		volatile boolean failFlushes;

		volatile boolean closed;

		volatile int onErrorCalls;

		private WriteListener listener;

		@Override
		public boolean isReady() {
			return !this.closed;
		}

		@Override
		public void setWriteListener(WriteListener listener) {
			this.listener = listener;
		}

		@Override
		public void write(int b) {
			this.written.write(b);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) {
			this.written.write(bytes, offset, length);
		}

		@Override
		public void flush() throws IOException {
			if (this.failFlushes) {
				// as Tomcat's UpgradeServletOutputStream does
				IOException failure = new IOException("Connection reset by peer");
				this.onErrorCalls++;
				this.listener.onError(failure);
				this.closed = true;
				throw failure;
			}
		}

	}

}
