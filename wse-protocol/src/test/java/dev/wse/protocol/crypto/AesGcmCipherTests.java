package dev.wse.protocol.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AesGcmCipherTests {

	private static final byte[] KEY = new byte[32];

	private static final byte[] PLAINTEXT = "{\"t\":\"hello\"}".getBytes(StandardCharsets.UTF_8);

	@Test
	void encryptedBodyIsIvCiphertextAndTag() {
		byte[] body = new AesGcmCipher(KEY).encrypt(PLAINTEXT);
		assertThat(body).hasSize(12 + PLAINTEXT.length + 16);
	}

	@Test
	void decryptsWhatItEncrypts() {
		AesGcmCipher cipher = new AesGcmCipher(KEY);
		assertThat(cipher.decrypt(cipher.encrypt(PLAINTEXT))).isEqualTo(PLAINTEXT);
		assertThat(cipher.decrypt(cipher.encrypt(new byte[0]))).isEmpty();
	}

	@Test
	void encryptsTwiceWithTheSameGivenIv() {
		AesGcmCipher cipher = new AesGcmCipher(KEY);
		byte[] iv = new byte[12];
		byte[] first = cipher.encrypt(PLAINTEXT, iv);
		assertThat(cipher.encrypt(PLAINTEXT, iv)).isEqualTo(first);
		assertThat(cipher.decrypt(first)).isEqualTo(PLAINTEXT);
	}

	@Test
	void keepsWorkingOnTheSameThreadAfterAFailedDecryptionAndWithAnotherKey() {
		AesGcmCipher cipher = new AesGcmCipher(KEY);
		byte[] body = cipher.encrypt(PLAINTEXT);
		byte[] tampered = body.clone();
		tampered[tampered.length - 1] ^= 1;
		assertThatIllegalArgumentException().isThrownBy(() -> cipher.decrypt(tampered));
		assertThat(cipher.decrypt(body)).isEqualTo(PLAINTEXT);
		byte[] otherKey = new byte[32];
		Arrays.fill(otherKey, (byte) 7);
		AesGcmCipher other = new AesGcmCipher(otherKey);
		assertThat(other.decrypt(other.encrypt(PLAINTEXT))).isEqualTo(PLAINTEXT);
		assertThat(cipher.decrypt(cipher.encrypt(PLAINTEXT))).isEqualTo(PLAINTEXT);
	}

	@Test
	void anotherInstanceWithTheSameKeyDecrypts() {
		assertThat(new AesGcmCipher(KEY).decrypt(new AesGcmCipher(KEY).encrypt(PLAINTEXT))).isEqualTo(PLAINTEXT);
	}

	@Test
	void ivsNeverRepeatAcrossManyEncryptions() {
		AesGcmCipher cipher = new AesGcmCipher(KEY);
		Set<ByteBuffer> ivs = new HashSet<>();
		for (int i = 0; i < 100_000; i++) {
			ivs.add(ByteBuffer.wrap(Arrays.copyOf(cipher.encrypt(PLAINTEXT), 12)));
		}
		assertThat(ivs).hasSize(100_000);
	}

	@Test
	void ivsNeverRepeatAcrossConcurrentEncryptions() {
		AesGcmCipher cipher = new AesGcmCipher(KEY);
		Set<ByteBuffer> ivs = ConcurrentHashMap.newKeySet();
		IntStream.range(0, 50_000)
			.parallel()
			.forEach((i) -> ivs.add(ByteBuffer.wrap(Arrays.copyOf(cipher.encrypt(PLAINTEXT), 12))));
		assertThat(ivs).hasSize(50_000);
	}

	@Test
	void ivIsARandomPrefixFollowedByACounter() {
		AesGcmCipher cipher = new AesGcmCipher(KEY);
		byte[] first = cipher.encrypt(PLAINTEXT);
		byte[] second = cipher.encrypt(PLAINTEXT);
		assertThat(Arrays.copyOf(second, 4)).isEqualTo(Arrays.copyOf(first, 4));
		long firstCounter = ByteBuffer.wrap(first, 4, 8).getLong();
		long secondCounter = ByteBuffer.wrap(second, 4, 8).getLong();
		assertThat(secondCounter).isEqualTo(firstCounter + 1);
	}

	@Test
	void rejectsTamperedCiphertext() {
		AesGcmCipher cipher = new AesGcmCipher(KEY);
		byte[] body = cipher.encrypt(PLAINTEXT);
		body[14] ^= 1;
		assertThatIllegalArgumentException().isThrownBy(() -> cipher.decrypt(body));
	}

	@Test
	void rejectsAnotherKey() {
		byte[] otherKey = new byte[32];
		otherKey[0] = 1;
		byte[] body = new AesGcmCipher(otherKey).encrypt(PLAINTEXT);
		assertThatIllegalArgumentException().isThrownBy(() -> new AesGcmCipher(KEY).decrypt(body));
	}

	@Test
	void rejectsBodiesShorterThanIvAndTag() {
		assertThatIllegalArgumentException().isThrownBy(() -> new AesGcmCipher(KEY).decrypt(new byte[27]));
	}

	@Test
	void rejectsKeysThatAreNot32Bytes() {
		assertThatIllegalArgumentException().isThrownBy(() -> new AesGcmCipher(new byte[16]));
	}

	@Test
	void rejectsIvsThatAreNot12Bytes() {
		assertThatIllegalArgumentException().isThrownBy(() -> new AesGcmCipher(KEY).encrypt(PLAINTEXT, new byte[16]));
	}

}
