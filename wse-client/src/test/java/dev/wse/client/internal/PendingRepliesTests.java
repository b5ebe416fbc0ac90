package dev.wse.client.internal;

import java.util.concurrent.CompletableFuture;

import dev.wse.protocol.Envelope;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PendingReplies}.
 */
class PendingRepliesTests {

	private final PendingReplies replies = new PendingReplies();

	@Test
	void repliesCompleteTheOldestFutureOfTheirKey() {
		CompletableFuture<Envelope> first = this.replies.expect("a");
		CompletableFuture<Envelope> second = this.replies.expect("a");
		CompletableFuture<Envelope> other = this.replies.expect("b");
		Envelope reply = Envelope.builder("r").build();
		assertThat(this.replies.complete("a", reply)).isTrue();
		assertThat(first).isCompletedWithValue(reply);
		assertThat(second).isNotDone();
		assertThat(other).isNotDone();
	}

	@Test
	void unexpectedRepliesAreIgnored() {
		assertThat(this.replies.complete("a", Envelope.builder("r").build())).isFalse();
	}

	@Test
	void failAllFailsEveryWaitingFuture() {
		CompletableFuture<Envelope> first = this.replies.expect("a");
		CompletableFuture<Envelope> second = this.replies.expect("b");
		this.replies.failAll(new IllegalStateException("closed"));
		assertThat(first).isCompletedExceptionally();
		assertThat(second).isCompletedExceptionally();
	}

}
