package dev.wse.protocol.crypto;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * HKDF-SHA256 against the test cases of RFC 5869, appendix A.
 */
class HkdfTests {

	private static final HexFormat HEX = HexFormat.of();

	private static final byte[] IKM = HEX.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");

	@Test
	void matchesRfc5869TestCase1() {
		byte[] okm = Hkdf.sha256(IKM, HEX.parseHex("000102030405060708090a0b0c"), HEX.parseHex("f0f1f2f3f4f5f6f7f8f9"),
				42);
		assertThat(HEX.formatHex(okm))
			.isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
	}

	@Test
	void matchesRfc5869TestCase3WithAnEmptySalt() {
		String expected = "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8";
		assertThat(HEX.formatHex(Hkdf.sha256(IKM, new byte[0], new byte[0], 42))).isEqualTo(expected);
		assertThat(HEX.formatHex(Hkdf.sha256(IKM, null, new byte[0], 42))).isEqualTo(expected);
		assertThat(HEX.formatHex(Hkdf.sha256(IKM, new byte[32], new byte[0], 42))).isEqualTo(expected);
	}

	@Test
	void rejectsLengthsOutsideTheRfcRange() {
		assertThatIllegalArgumentException().isThrownBy(() -> Hkdf.sha256(IKM, null, new byte[0], 0));
		assertThatIllegalArgumentException().isThrownBy(() -> Hkdf.sha256(IKM, null, new byte[0], 255 * 32 + 1));
	}

}
