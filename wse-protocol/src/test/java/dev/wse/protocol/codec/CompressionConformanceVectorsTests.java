package dev.wse.protocol.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import dev.wse.protocol.ConformanceVectors;
import dev.wse.protocol.Envelope;
import dev.wse.protocol.WireFormat;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code compression} section of the shared conformance vectors, produced with
 * Node.js zlib.
 */
class CompressionConformanceVectorsTests {

	private final JsonNode vectors = ConformanceVectors.load().get("compression");

	private final FrameCodec codec = FrameCodec.withDefaults();

	private final String json = this.vectors.get("json").stringValue();

	private final byte[] frame = Base64.getDecoder().decode(this.vectors.get("c_frame_base64").stringValue());

	private final int threshold = this.vectors.get("threshold_default").intValue();

	@Test
	void vectorFrameInflatesToTheVectorJson() {
		assertThat(Arrays.copyOf(this.frame, 4)).isEqualTo(new byte[] { 'C', ':', 0x78, 0x01 });
		byte[] inflated = FrameCodecBinaryTests.inflate(this.frame);
		assertThat(inflated).hasSize(this.vectors.get("json_utf8_length").intValue());
		assertThat(new String(inflated, StandardCharsets.UTF_8)).isEqualTo(this.json);
	}

	@Test
	void vectorFrameDecodesToTheVectorMessage() {
		Envelope envelope = this.codec.decodeBinary(this.frame, WireFormat.JSON, null).envelope();
		assertThat(envelope).isEqualTo(this.codec.decodeText(this.json));
		assertThat(envelope.type()).isEqualTo("report");
		assertThat(envelope.payload().get("rows")).hasSize(40);
	}

	@Test
	void encodingTheVectorMessageReproducesTheVectorJson() {
		assertThat(this.codec.encodeText(this.codec.decodeText(this.json))).isEqualTo(this.json);
	}

	@Test
	void encodingTheVectorMessageCompressesToTheSameJson() {
		byte[] encoded = this.codec.encodeBinary(this.codec.decodeText(this.json), WireFormat.JSON, this.threshold);
		assertThat(Arrays.copyOf(encoded, 4)).isEqualTo(new byte[] { 'C', ':', 0x78, 0x01 });
		assertThat(FrameCodecBinaryTests.inflate(encoded)).isEqualTo(FrameCodecBinaryTests.inflate(this.frame));
	}

}
