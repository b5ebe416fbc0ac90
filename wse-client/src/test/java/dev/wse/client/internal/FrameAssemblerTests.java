package dev.wse.client.internal;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FrameAssembler}.
 */
class FrameAssemblerTests {

	private final FrameAssembler assembler = new FrameAssembler();

	@Test
	void textPartsAreJoinedOnTheLastPart() {
		assertThat(this.assembler.appendText("{\"t\":", false)).isNull();
		assertThat(this.assembler.appendText("\"x\"", false)).isNull();
		assertThat(this.assembler.appendText("}", true)).isEqualTo("{\"t\":\"x\"}");
		assertThat(this.assembler.appendText("next", true)).isEqualTo("next");
	}

	@Test
	void binaryPartsAreJoinedOnTheLastPart() {
		assertThat(this.assembler.appendBinary(ByteBuffer.wrap(new byte[] { 'C', ':' }), false)).isNull();
		assertThat(this.assembler.appendBinary(ByteBuffer.wrap(new byte[] { 1, 2 }), true)).containsExactly('C', ':', 1,
				2);
		assertThat(this.assembler.appendBinary(ByteBuffer.wrap(new byte[] { 3 }), true)).containsExactly(3);
	}

}
