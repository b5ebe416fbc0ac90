package dev.wse.protocol;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MessageIdsTests {

	@Test
	void uuidV7HasVersion7AndIetfVariant() {
		for (int i = 0; i < 1000; i++) {
			UUID id = MessageIds.uuidV7();
			assertThat(id.version()).isEqualTo(7);
			assertThat(id.variant()).isEqualTo(2);
		}
	}

	@Test
	void uuidV7CarriesTheUnixMillisecondsInItsFirst48Bits() {
		long millis = 1_795_000_000_123L;
		UUID id = MessageIds.uuidV7(millis);
		assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(millis);
		assertThat(id.toString()).startsWith(String.format("%08x-%04x-7", millis >>> 16, millis & 0xFFFF));
	}

	@Test
	void uuidV7TextSortsByCreationMillisecond() {
		List<String> ids = new ArrayList<>();
		for (long millis = 1_700_000_000_000L; millis < 1_700_000_000_000L + 200; millis++) {
			ids.add(MessageIds.uuidV7(millis).toString());
		}
		assertThat(ids).isSorted();
	}

	@Test
	void nextGivesDistinctCanonicalIds() {
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < 10_000; i++) {
			String id = MessageIds.next();
			assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
			ids.add(id);
		}
		assertThat(ids).hasSize(10_000);
	}

}
