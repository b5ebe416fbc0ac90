package dev.wse.integration;

import java.util.List;
import java.util.Map;

import dev.wse.engine.handler.annotation.OnSnapshot;
import dev.wse.spring.annotation.WseHandler;

/**
 * A snapshot provider for the integration tests: the topics {@code board.*} have a fixed
 * two-entry state.
 */
@WseHandler
class BoardSnapshots {

	@OnSnapshot(value = "board.*", type = "board_snapshot")
	List<Map<String, Object>> board(String topic) {
		return List.of(Map.of("topic", topic, "row", 1), Map.of("topic", topic, "row", 2));
	}

}
