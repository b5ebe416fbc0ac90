package dev.wse.client;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.wse.protocol.Envelope;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link MessageRecorder}.
 */
class MessageRecorderTests {

	private final MessageRecorder recorder = new MessageRecorder(true);

	@Test
	void awaitReturnsAMessageThatAlreadyArrived() {
		record("a");
		record("b");
		assertThat(this.recorder.awaitType("b", Duration.ofMillis(10)).type()).isEqualTo("b");
		assertThat(this.recorder.received()).extracting(Envelope::type).containsExactly("a", "b");
	}

	@Test
	void awaitWaitsForALaterMessage() throws Exception {
		CompletableFuture<Envelope> waiting = CompletableFuture
			.supplyAsync(() -> this.recorder.awaitType("late", Duration.ofSeconds(5)));
		Thread.sleep(50);
		record("late");
		assertThat(waiting.get(5, TimeUnit.SECONDS).type()).isEqualTo("late");
	}

	@Test
	void awaitTimesOutNamingWhatArrived() {
		record("other");
		assertThatExceptionOfType(WseClientException.class)
			.isThrownBy(() -> this.recorder.awaitType("missing", Duration.ofMillis(20)))
			.withMessageContaining("[other]");
	}

	@Test
	void errorWithCodeMatchesTheCode() {
		Envelope error = Envelope.builder("error")
			.payload(JsonMapper.builder().build().readTree("{\"code\":\"RATE_LIMITED\"}"))
			.build();
		assertThat(MessageRecorder.errorWithCode("RATE_LIMITED").test(error)).isTrue();
		assertThat(MessageRecorder.errorWithCode("AUTH_FAILED").test(error)).isFalse();
	}

	@Test
	void undecodableFramesAreKeptButNotReceivedAsMessages() {
		this.recorder.record(InboundFrame.text("nope", null, new IllegalArgumentException("bad"), Instant.now()));
		assertThat(this.recorder.frames()).hasSize(1);
		assertThat(this.recorder.received()).isEmpty();
	}

	@Test
	void disabledRecorderKeepsNothing() {
		MessageRecorder disabled = new MessageRecorder(false);
		disabled.record(InboundFrame.text("{}", Envelope.builder("x").build(), null, Instant.now()));
		assertThat(disabled.frames()).isEmpty();
	}

	private void record(String type) {
		this.recorder.record(InboundFrame.text("{}", Envelope.builder(type).build(), null, Instant.now()));
	}

}
