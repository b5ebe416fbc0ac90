package dev.wse.engine.netty;

import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import dev.wse.engine.transport.InboundHandler;
import dev.wse.engine.transport.OutboundFrame;
import dev.wse.protocol.CloseCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link NettyTransportSession} on an {@link EmbeddedChannel}: shared outbound buffers,
 * one flush per batch, write callbacks that follow the channel's writability, and inbound
 * aggregation with the size limit, and closing. Runs with paranoid leak detection.
 */
class NettyTransportSessionTests {

	private static final int MAX_MESSAGE_SIZE = 64;

	private final FlushCounter flushes = new FlushCounter();

	private final WriteGate gate = new WriteGate();

	private final RecordingInbound inbound = new RecordingInbound();

	private NettyTransportSession session;

	private EmbeddedChannel channel;

	@BeforeEach
	void open() {
		this.session = new NettyTransportSession(MAX_MESSAGE_SIZE);
		this.channel = new EmbeddedChannel(this.gate, this.flushes, this.session);
		this.session.bind(this.inbound);
	}

	@AfterEach
	void release() {
		this.channel.finishAndReleaseAll();
	}

	@Test
	void frameIsWrappedOnceAndSharedByEveryConnection() {
		OutboundFrame frame = OutboundFrame.text("{\"t\":\"price\"}");
		NettyTransportSession other = new NettyTransportSession(MAX_MESSAGE_SIZE);
		EmbeddedChannel otherChannel = new EmbeddedChannel(other);
		try {
			this.session.write(List.of(frame), (failure) -> {
			});
			other.write(List.of(frame), (failure) -> {
			});
			ByteBuf shared = (ByteBuf) frame.transportCache();
			assertThat(shared).isNotNull();
			TextWebSocketFrame first = this.channel.readOutbound();
			TextWebSocketFrame second = otherChannel.readOutbound();
			assertThat(first.text()).isEqualTo("{\"t\":\"price\"}");
			assertThat(second.text()).isEqualTo("{\"t\":\"price\"}");
			assertThat(first.content().array()).isSameAs(frame.bytes()).isSameAs(second.content().array());
			assertThat(shared.refCnt()).isEqualTo(3);
			first.release();
			second.release();
			assertThat(shared.refCnt()).as("only the frame's own reference is left").isEqualTo(1);
		}
		finally {
			otherChannel.finishAndReleaseAll();
		}
	}

	@Test
	void batchIsWrittenWithOneFlush() {
		AtomicReference<Throwable> result = new AtomicReference<>(new AssertionError("not completed"));
		this.session.write(
				List.of(OutboundFrame.text("a"), OutboundFrame.binary(new byte[] { 1, 2 }), OutboundFrame.text("c")),
				result::set);
		assertThat(this.flushes.count.get()).isEqualTo(1);
		assertThat(result.get()).as("completed successfully").isNull();
		WebSocketFrame a = this.channel.readOutbound();
		WebSocketFrame b = this.channel.readOutbound();
		WebSocketFrame c = this.channel.readOutbound();
		assertThat(a).isInstanceOf(TextWebSocketFrame.class);
		assertThat(b).isInstanceOf(BinaryWebSocketFrame.class);
		assertThat(((TextWebSocketFrame) c).text()).isEqualTo("c");
		ReferenceCountUtil.release(a);
		ReferenceCountUtil.release(b);
		ReferenceCountUtil.release(c);
	}

	@Test
	void callbackWaitsUntilTheChannelIsWritableAgain() {
		this.channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
		assertThat(this.channel.isWritable()).isFalse();
		List<Throwable> results = new ArrayList<>();
		AtomicInteger calls = new AtomicInteger();
		this.session.write(List.of(OutboundFrame.text("x")), (failure) -> {
			calls.incrementAndGet();
			results.add(failure);
		});
		assertThat(calls.get()).as("held while unwritable").isZero();
		this.channel.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
		this.channel.runPendingTasks();
		assertThat(calls.get()).isEqualTo(1);
		assertThat(results).containsExactly((Throwable) null);
	}

	@Test
	void heldCallbackFailsWhenTheChannelCloses() {
		this.channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
		AtomicReference<Throwable> result = new AtomicReference<>();
		this.session.write(List.of(OutboundFrame.text("x")), result::set);
		assertThat(result.get()).isNull();
		this.channel.close();
		assertThat(result.get()).isInstanceOf(ClosedChannelException.class);
		assertThat(this.inbound.closes).containsExactly("1006:");
	}

	@Test
	void writeAfterCloseFailsAndIsNotWritten() {
		this.session.close(CloseCode.GOING_AWAY.code(), "Server shutting down");
		CloseWebSocketFrame close = this.channel.readOutbound();
		assertThat(close.statusCode()).isEqualTo(1001);
		close.release();
		AtomicReference<Throwable> result = new AtomicReference<>();
		this.session.write(List.of(OutboundFrame.text("late")), result::set);
		assertThat(result.get()).isInstanceOf(ClosedChannelException.class);
		assertThat((Object) this.channel.readOutbound()).isNull();
		assertThat(this.session.isOpen()).isFalse();
	}

	@Test
	void fragmentedTextIsDeliveredWhole() {
		this.channel.writeInbound(new TextWebSocketFrame(false, 0, "{\"t\":"));
		this.channel.writeInbound(new ContinuationWebSocketFrame(false, 0, "\"pi"));
		assertThat(this.inbound.texts).isEmpty();
		this.channel.writeInbound(new ContinuationWebSocketFrame(true, 0, "ng\"}"));
		assertThat(this.inbound.texts).containsExactly("{\"t\":\"ping\"}");
	}

	@Test
	void binaryMessageIsDeliveredAsBytes() {
		this.channel.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] { 'W', 1, 2 })));
		assertThat(this.inbound.binaries).containsExactly(new byte[] { 'W', 1, 2 });
	}

	@Test
	void fragmentsOverTheMaximumSizeCloseWith1009() {
		this.channel.writeInbound(new BinaryWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[40])));
		this.channel.writeInbound(new ContinuationWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[40])));
		CloseWebSocketFrame close = this.channel.readOutbound();
		assertThat(close.statusCode()).isEqualTo(CloseCode.MESSAGE_TOO_BIG.code());
		close.release();
		assertThat(this.inbound.binaries).isEmpty();
		// a protocol error: no answer is waited for once the close frame is out
		assertThat(this.channel.isOpen()).isFalse();
	}

	@Test
	void pingIsAnsweredWithItsPayload() {
		this.channel.writeInbound(new PingWebSocketFrame(Unpooled.copiedBuffer("hi", StandardCharsets.UTF_8)));
		PongWebSocketFrame pong = this.channel.readOutbound();
		assertThat(pong.content().toString(StandardCharsets.UTF_8)).isEqualTo("hi");
		pong.release();
	}

	@Test
	void peerCloseIsEchoedAndReportedWithItsCode() {
		this.channel.writeInbound(new CloseWebSocketFrame(1000, "bye"));
		CloseWebSocketFrame echo = this.channel.readOutbound();
		assertThat(echo.statusCode()).isEqualTo(1000);
		echo.release();
		assertThat(this.channel.isOpen()).isFalse();
		assertThat(this.inbound.closes).containsExactly("1000:bye");
	}

	@Test
	void messagesBeforeBindAreDeliveredOnBind() {
		NettyTransportSession late = new NettyTransportSession(MAX_MESSAGE_SIZE);
		EmbeddedChannel lateChannel = new EmbeddedChannel(late);
		try {
			lateChannel.writeInbound(new TextWebSocketFrame("early"));
			RecordingInbound recording = new RecordingInbound();
			late.bind(recording);
			assertThat(recording.texts).containsExactly("early");
		}
		finally {
			lateChannel.finishAndReleaseAll();
		}
	}

	@Test
	void pausedSessionHoldsMessagesAndStopsReadingUntilResumed() {
		this.channel.writeInbound(new TextWebSocketFrame("one"));
		assertThat(this.session.pauseReading()).isTrue();
		assertThat(this.channel.config().isAutoRead()).isFalse();
		// frames the decoder had already read when reading stopped wait in the session
		this.channel.writeInbound(new TextWebSocketFrame("two"));
		this.channel.writeInbound(new TextWebSocketFrame("three"));
		assertThat(this.inbound.texts).containsExactly("one");
		this.session.resumeReading();
		this.channel.runPendingTasks();
		assertThat(this.inbound.texts).containsExactly("one", "two", "three");
		assertThat(this.channel.config().isAutoRead()).isTrue();
	}

	@Test
	void pauseDuringTheDeliveryOfHeldMessagesStopsItAgain() {
		this.session.pauseReading();
		this.channel.writeInbound(new TextWebSocketFrame("a"), new TextWebSocketFrame("b"),
				new TextWebSocketFrame("c"));
		this.inbound.onEachText = (text) -> {
			if (text.equals("a")) {
				this.session.pauseReading();
			}
		};
		this.session.resumeReading();
		this.channel.runPendingTasks();
		assertThat(this.inbound.texts).containsExactly("a");
		assertThat(this.channel.config().isAutoRead()).isFalse();
		this.inbound.onEachText = (text) -> {
		};
		this.session.resumeReading();
		this.channel.runPendingTasks();
		assertThat(this.inbound.texts).containsExactly("a", "b", "c");
		assertThat(this.channel.config().isAutoRead()).isTrue();
	}

	@Test
	void failureWhileDeliveringHeldMessagesClosesTheConnection() {
		this.session.pauseReading();
		this.channel.writeInbound(new TextWebSocketFrame("boom"), new TextWebSocketFrame("after"));
		this.inbound.onEachText = (text) -> {
			throw new AssertionError("handler failed with an Error");
		};
		this.session.resumeReading();
		this.channel.runPendingTasks();
		assertThat(this.channel.isOpen()).as("closed rather than left paused").isFalse();
		assertThat(this.inbound.texts).containsExactly("boom");
	}

	@Test
	void heldMessagesAreReleasedWhenTheChannelCloses() {
		this.session.pauseReading();
		TextWebSocketFrame held = new TextWebSocketFrame("held");
		this.channel.writeInbound(held.retain());
		this.channel.close();
		assertThat(held.refCnt()).isEqualTo(1);
		held.release();
		assertThat(this.inbound.texts).isEmpty();
	}

	@Test
	void multiByteTextSplitAcrossFragmentsIsDeliveredWhole() {
		byte[] euro = "\u20ac".getBytes(StandardCharsets.UTF_8);
		this.channel.writeInbound(new TextWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[] { euro[0] })));
		this.channel.writeInbound(new ContinuationWebSocketFrame(true, 0,
				Unpooled.wrappedBuffer(new byte[] { euro[1], euro[2], (byte) 0xef, (byte) 0xbf, (byte) 0xbd })));
		// U+FFFD sent as such is valid text, not a decoding failure
		assertThat(this.inbound.texts).containsExactly("\u20ac\ufffd");
		assertThat(this.session.isOpen()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "c328", "e282", "c0af", "eda080", "f4908080", "ff" })
	void textThatIsNotUtf8ClosesWith1007(String hex) {
		this.channel.writeInbound(new TextWebSocketFrame(Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex))));
		CloseWebSocketFrame close = this.channel.readOutbound();
		assertThat(close.statusCode()).isEqualTo(1007);
		close.release();
		assertThat(this.inbound.texts).isEmpty();
		assertThat(this.session.isOpen()).isFalse();
	}

	@Test
	void peerCloseWhileOurCloseFrameWaitsEndsTheConnectionOnlyOnceOursIsOut() {
		// the peer reads nothing: our close frame waits behind data it has not read
		this.gate.hold();
		this.session.close(CloseCode.SLOW_CONSUMER.code(), CloseCode.SLOW_CONSUMER.reason());
		this.channel.writeInbound(new CloseWebSocketFrame(1000, "bye"));
		assertThat(this.channel.isOpen()).as("open while our close frame waits").isTrue();
		this.gate.release();
		CloseWebSocketFrame ours = this.channel.readOutbound();
		assertThat(ours.statusCode()).isEqualTo(CloseCode.SLOW_CONSUMER.code());
		ours.release();
		assertThat(this.channel.isOpen()).as("ended once our close frame is out").isFalse();
		assertThat(this.inbound.closes)
			.containsExactly(CloseCode.SLOW_CONSUMER.code() + ":" + CloseCode.SLOW_CONSUMER.reason());
	}

	@Test
	void closeFrameThatNeverGetsOutEndsTheConnectionAtTheCloseTimeout() {
		this.channel.freezeTime();
		this.gate.hold();
		this.session.close(CloseCode.SLOW_CONSUMER.code(), CloseCode.SLOW_CONSUMER.reason());
		this.channel.writeInbound(new CloseWebSocketFrame(1000, "bye"));
		this.channel.advanceTimeBy(NettyTransportSession.CLOSE_TIMEOUT_MILLIS - 1, TimeUnit.MILLISECONDS);
		this.channel.runScheduledPendingTasks();
		assertThat(this.channel.isOpen()).isTrue();
		this.channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
		this.channel.runScheduledPendingTasks();
		assertThat(this.channel.isOpen()).isFalse();
	}

	@Test
	void peerThatNeverAnswersIsDisconnectedAtTheCloseTimeout() {
		this.channel.freezeTime();
		this.session.close(CloseCode.GOING_AWAY.code(), CloseCode.GOING_AWAY.reason());
		ReferenceCountUtil.release(this.channel.readOutbound());
		this.channel.advanceTimeBy(NettyTransportSession.CLOSE_TIMEOUT_MILLIS - 1, TimeUnit.MILLISECONDS);
		this.channel.runScheduledPendingTasks();
		assertThat(this.channel.isOpen()).as("waits for the peer's answer").isTrue();
		this.channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
		this.channel.runScheduledPendingTasks();
		assertThat(this.channel.isOpen()).isFalse();
	}

	@Test
	void peersAnswerEndsTheConnection() {
		this.session.close(CloseCode.GOING_AWAY.code(), CloseCode.GOING_AWAY.reason());
		ReferenceCountUtil.release(this.channel.readOutbound());
		this.channel.writeInbound(new CloseWebSocketFrame(CloseCode.GOING_AWAY.code(), ""));
		assertThat(this.channel.isOpen()).isFalse();
		assertThat(this.channel.outboundMessages()).as("no second close frame").isEmpty();
	}

	@Test
	void closeWhilePausedReadsAgainAndEndsOnThePeersHeldAnswer() {
		this.session.pauseReading();
		this.channel.writeInbound(new TextWebSocketFrame("held"));
		this.session.close(CloseCode.GOING_AWAY.code(), CloseCode.GOING_AWAY.reason());
		assertThat(this.channel.config().isAutoRead()).as("reads again once closing").isTrue();
		ReferenceCountUtil.release(this.channel.readOutbound());
		// the peer's answer, read although the engine never resumed
		this.channel.writeInbound(new CloseWebSocketFrame(CloseCode.GOING_AWAY.code(), ""));
		assertThat(this.channel.isOpen()).isFalse();
		assertThat(this.inbound.texts).as("messages are dropped once closing").isEmpty();
	}

	@Test
	void pauseAfterTheCloseBeganDoesNotStopReading() {
		this.session.close(CloseCode.GOING_AWAY.code(), CloseCode.GOING_AWAY.reason());
		ReferenceCountUtil.release(this.channel.readOutbound());
		this.session.pauseReading();
		this.channel.runPendingTasks();
		assertThat(this.channel.config().isAutoRead()).isTrue();
		this.channel.writeInbound(new CloseWebSocketFrame(CloseCode.GOING_AWAY.code(), ""));
		assertThat(this.channel.isOpen()).isFalse();
	}

	@Test
	void protocolErrorEndsTheConnectionOnceTheCloseFrameIsOut() {
		this.gate.hold();
		this.channel.writeInbound(new TextWebSocketFrame(Unpooled.wrappedBuffer(new byte[] { (byte) 0xff })));
		assertThat(this.channel.isOpen()).as("open while the close frame waits").isTrue();
		this.gate.release();
		CloseWebSocketFrame close = this.channel.readOutbound();
		assertThat(close.statusCode()).isEqualTo(1007);
		close.release();
		assertThat(this.channel.isOpen()).as("no answer waited for").isFalse();
	}

	/**
	 * Holds writes, as a peer that reads nothing does, until released.
	 */
	static final class WriteGate extends ChannelOutboundHandlerAdapter {

		private final List<Object> held = new ArrayList<>();

		private final List<ChannelPromise> promises = new ArrayList<>();

		private @Nullable ChannelHandlerContext context;

		private boolean holding;

		void hold() {
			this.holding = true;
		}

		void release() {
			this.holding = false;
			ChannelHandlerContext ctx = this.context;
			for (int i = 0; i < this.held.size(); i++) {
				ctx.write(this.held.get(i), this.promises.get(i));
			}
			this.held.clear();
			this.promises.clear();
			ctx.flush();
		}

		@Override
		public void handlerAdded(ChannelHandlerContext ctx) {
			this.context = ctx;
		}

		@Override
		public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
			if (this.holding) {
				this.held.add(msg);
				this.promises.add(promise);
				return;
			}
			ctx.write(msg, promise);
		}

		@Override
		public void flush(ChannelHandlerContext ctx) {
			if (!this.holding) {
				ctx.flush();
			}
		}

		@Override
		public void close(ChannelHandlerContext ctx, ChannelPromise promise) throws Exception {
			// what a closed channel discards
			this.held.forEach(ReferenceCountUtil::release);
			this.held.clear();
			this.promises.forEach((held) -> held.tryFailure(new ClosedChannelException()));
			this.promises.clear();
			ctx.close(promise);
		}

	}

	static final class FlushCounter extends ChannelOutboundHandlerAdapter {

		final AtomicInteger count = new AtomicInteger();

		@Override
		public void flush(ChannelHandlerContext ctx) {
			this.count.incrementAndGet();
			ctx.flush();
		}

	}

	static final class RecordingInbound implements InboundHandler {

		final List<String> texts = new ArrayList<>();

		final List<byte[]> binaries = new ArrayList<>();

		final List<String> closes = new ArrayList<>();

		Consumer<String> onEachText = (text) -> {
		};

		@Override
		public void onText(String text) {
			this.texts.add(text);
			this.onEachText.accept(text);
		}

		@Override
		public void onBinary(byte[] data) {
			this.binaries.add(data);
		}

		@Override
		public void onClose(int code, String reason) {
			this.closes.add(code + ":" + reason);
		}

	}

}
