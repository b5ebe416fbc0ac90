package dev.wse.spring.servlet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WseRequestUpgradeStrategy}.
 *
 * @author WSE team
 */
class WseRequestUpgradeStrategyTests {

	@Test
	void acceptKeyIsTheOneRfc6455Gives() {
		// RFC 6455 §1.3
		assertThat(WseRequestUpgradeStrategy.acceptKey("dGhlIHNhbXBsZSBub25jZQ=="))
			.isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
	}

}
