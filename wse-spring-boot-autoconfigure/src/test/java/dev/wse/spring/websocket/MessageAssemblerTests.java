package dev.wse.spring.websocket;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link MessageAssembler}.
 *
 * @author WSE team
 */
class MessageAssemblerTests {

	@Test
	void wholeTextMessagePassesThroughUnchanged() {
		MessageAssembler assembler = new MessageAssembler(100);
		String message = "{\"t\":\"ping\"}";
		assertThat(assembler.text(message, true)).isSameAs(message);
	}

	@Test
	void reassemblesTextParts() {
		MessageAssembler assembler = new MessageAssembler(100);
		assertThat(assembler.text("{\"t\":", false)).isNull();
		assertThat(assembler.text("\"chat.send\"", false)).isNull();
		assertThat(assembler.text("}", true)).isEqualTo("{\"t\":\"chat.send\"}");
		assertThat(assembler.text("next", true)).isEqualTo("next");
	}

	@Test
	void reassemblesBinaryParts() {
		MessageAssembler assembler = new MessageAssembler(100);
		assertThat(assembler.binary(ByteBuffer.wrap(new byte[] { 1, 2 }), false)).isNull();
		assertThat(assembler.binary(ByteBuffer.wrap(new byte[] { 3 }), false)).isNull();
		assertThat(assembler.binary(ByteBuffer.wrap(new byte[] { 4, 5, 6 }), true)).containsExactly(1, 2, 3, 4, 5, 6);
		assertThat(assembler.binary(ByteBuffer.wrap(new byte[] { 7 }), true)).containsExactly(7);
	}

	@Test
	void messageOfExactlyTheMaximumSizeIsAccepted() {
		MessageAssembler assembler = new MessageAssembler(10);
		assertThat(assembler.text("12345", false)).isNull();
		assertThat(assembler.text("67890", true)).isEqualTo("1234567890");
		assertThat(assembler.binary(ByteBuffer.wrap(new byte[10]), true)).hasSize(10);
	}

	@Test
	void oversizedTextIsRejectedAsSoonAsAPartCrossesTheLimit() {
		MessageAssembler assembler = new MessageAssembler(10);
		assertThat(assembler.text("123456", false)).isNull();
		assertThatExceptionOfType(MessageAssembler.MessageTooBigException.class)
			.isThrownBy(() -> assembler.text("78901", false));
		// The buffer is dropped: a new message starts from scratch.
		assertThat(assembler.text("fresh", true)).isEqualTo("fresh");
	}

	@Test
	void textSizeIsCountedInUtf8Bytes() {
		String euros = "€€€€";
		assertThat(euros.getBytes(StandardCharsets.UTF_8)).hasSize(12);
		assertThatExceptionOfType(MessageAssembler.MessageTooBigException.class)
			.isThrownBy(() -> new MessageAssembler(10).text(euros, true));
		assertThat(new MessageAssembler(12).text(euros, true)).isEqualTo(euros);
	}

	@Test
	void utf8LengthCountsSurrogatePairsAsFourBytes() {
		String emoji = "a\uD83D\uDE00é€";
		assertThat(MessageAssembler.utf8Length(emoji)).isEqualTo(emoji.getBytes(StandardCharsets.UTF_8).length);
	}

	@Test
	void oversizedBinaryIsRejected() {
		MessageAssembler assembler = new MessageAssembler(4);
		assertThat(assembler.binary(ByteBuffer.wrap(new byte[3]), false)).isNull();
		assertThatExceptionOfType(MessageAssembler.MessageTooBigException.class)
			.isThrownBy(() -> assembler.binary(ByteBuffer.wrap(new byte[2]), true));
	}

}
