package dev.wse.spring.websocket;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

import dev.wse.engine.transport.OutboundFrame;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import org.junit.jupiter.api.Test;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * Tests for {@link AsyncTransportSession}.
 *
 * @author WSE team
 */
class AsyncTransportSessionTests {

	private final WebSocketSession session = mock(WebSocketSession.class);

	private final Session nativeSession = mock(Session.class);

	private final RemoteEndpoint.Async remote = mock(RemoteEndpoint.Async.class);

	private final List<Runnable> executed = new ArrayList<>();

	private final Executor executor = this.executed::add;

	private final List<Object> sent = new CopyOnWriteArrayList<>();

	private final List<SendHandler> pending = new CopyOnWriteArrayList<>();

	private final AsyncTransportSession transport = new AsyncTransportSession(this.session, this.nativeSession,
			this.executor);

	AsyncTransportSessionTests() {
		given(this.nativeSession.getAsyncRemote()).willReturn(this.remote);
	}

	@Test
	void writesTheFramesOfABatchInOrderWhenSendsCompleteInline() {
		completeInline();
		AtomicReference<Object> result = new AtomicReference<>("not called");
		List<OutboundFrame> frames = new ArrayList<>();
		for (int i = 0; i < 5000; i++) {
			frames.add((i % 2 == 0) ? OutboundFrame.text("t" + i) : OutboundFrame.binary(new byte[] { (byte) i }));
		}
		this.transport.write(frames, (failure) -> result.set(failure));
		assertThat(result.get()).isNull();
		assertThat(this.sent).hasSize(5000);
		assertThat(this.sent.get(0)).isEqualTo("t0");
		assertThat(this.sent.get(4998)).isEqualTo("t4998");
	}

	@Test
	void startsEachFrameOnlyAfterThePreviousOneCompleted() {
		recordPending();
		List<Object> results = new ArrayList<>();
		this.transport.write(List.of(OutboundFrame.text("a"), OutboundFrame.text("b"), OutboundFrame.text("c")),
				results::add);
		assertThat(this.sent).containsExactly("a");
		complete(0, null);
		assertThat(this.sent).containsExactly("a", "b");
		assertThat(results).isEmpty();
		complete(1, null);
		complete(2, null);
		assertThat(this.sent).containsExactly("a", "b", "c");
		assertThat(results).containsExactly((Object) null);
	}

	@Test
	void reportsTheFirstFailureAndStops() {
		recordPending();
		List<Throwable> results = new ArrayList<>();
		this.transport.write(List.of(OutboundFrame.text("a"), OutboundFrame.text("b"), OutboundFrame.text("c")),
				results::add);
		IllegalStateException failure = new IllegalStateException("peer gone");
		complete(0, failure);
		assertThat(this.sent).containsExactly("a");
		assertThat(results).containsExactly(failure);
	}

	@Test
	void stopsStartingFramesOnceACloseWasRequested() {
		recordPending();
		List<Throwable> results = new ArrayList<>();
		this.transport.write(List.of(OutboundFrame.text("a"), OutboundFrame.text("b")), results::add);
		this.transport.close(4409, "Slow consumer");
		complete(0, null);
		assertThat(this.sent).containsExactly("a");
		assertThat(results).hasSize(1);
		assertThat(results.get(0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closing");
	}

	@Test
	void reportsSendsThatThrow() {
		IllegalStateException failure = new IllegalStateException("closed");
		willThrow(failure).given(this.remote).sendText(any(String.class), any(SendHandler.class));
		List<Throwable> results = new ArrayList<>();
		this.transport.write(List.of(OutboundFrame.text("a"), OutboundFrame.text("b")), results::add);
		assertThat(results).containsExactly(failure);
		verify(this.remote, times(1)).sendText(any(String.class), any(SendHandler.class));
	}

	@Test
	void closesOnTheExecutorOnlyOnce() throws Exception {
		given(this.session.isOpen()).willReturn(true);
		this.transport.close(4401, "Authentication failed");
		this.transport.close(1000, "again");
		verify(this.session, never()).close(any(CloseStatus.class));
		assertThat(this.transport.isOpen()).isFalse();
		assertThat(this.executed).hasSize(1);
		this.executed.get(0).run();
		verify(this.session).close(new CloseStatus(4401, "Authentication failed"));
	}

	private void completeInline() {
		willAnswer((invocation) -> {
			this.sent.add(invocation.getArgument(0));
			invocation.<SendHandler>getArgument(1).onResult(new SendResult(this.nativeSession));
			return null;
		}).given(this.remote).sendText(any(String.class), any(SendHandler.class));
		willAnswer((invocation) -> {
			this.sent.add(invocation.<ByteBuffer>getArgument(0).remaining());
			invocation.<SendHandler>getArgument(1).onResult(new SendResult(this.nativeSession));
			return null;
		}).given(this.remote).sendBinary(any(ByteBuffer.class), any(SendHandler.class));
	}

	private void recordPending() {
		willAnswer((invocation) -> {
			this.sent.add(invocation.getArgument(0));
			this.pending.add(invocation.getArgument(1));
			return null;
		}).given(this.remote).sendText(any(String.class), any(SendHandler.class));
	}

	private void complete(int index, Throwable failure) {
		SendResult result = (failure != null) ? new SendResult(this.nativeSession, failure)
				: new SendResult(this.nativeSession);
		Thread thread = new Thread(() -> this.pending.get(index).onResult(result));
		thread.start();
		try {
			thread.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
