package dev.wse.spring.servlet;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConnectionResources}.
 *
 * @author WSE team
 */
class ConnectionResourcesTests {

	private final ConnectionResources resources = new ConnectionResources();

	@AfterEach
	void close() {
		this.resources.close();
	}

	@Test
	void writerThreadWritesAtMostTheCapOfBatchesInlinePerTurn() throws Exception {
		CompletableFuture<List<Boolean>> turn = new CompletableFuture<>();
		this.resources.write(() -> turn.complete(askInline(ConnectionResources.MAX_INLINE_BATCHES + 3)));
		List<Boolean> answers = turn.get(5, TimeUnit.SECONDS);
		assertThat(answers.subList(0, ConnectionResources.MAX_INLINE_BATCHES)).containsOnly(true);
		assertThat(answers.subList(ConnectionResources.MAX_INLINE_BATCHES, answers.size())).containsOnly(false);
	}

	@Test
	void everyWriteTaskStartsANewTurn() throws Exception {
		for (int i = 0; i < 3; i++) {
			CompletableFuture<List<Boolean>> turn = new CompletableFuture<>();
			this.resources.write(() -> turn.complete(askInline(ConnectionResources.MAX_INLINE_BATCHES)));
			assertThat(turn.get(5, TimeUnit.SECONDS)).as("turn %d", i).containsOnly(true);
		}
	}

	@Test
	void otherThreadsNeverWriteInline() {
		assertThat(askInline(3)).containsOnly(false);
	}

	private List<Boolean> askInline(int times) {
		List<Boolean> answers = new ArrayList<>();
		for (int i = 0; i < times; i++) {
			answers.add(this.resources.mayWriteInline());
		}
		return answers;
	}

}
