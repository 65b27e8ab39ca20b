package cn.luohe.grassroots.identity.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PhonesTests {

	@Test
	void shouldMaskTheMiddleOfMobileNumbers() {
		assertThat(Phones.mask("13812341234")).isEqualTo("138****1234");
	}

	@Test
	void shouldRevealLittleOfShortNumbers() {
		assertThat(Phones.mask("5551234")).isEqualTo("****34");
		assertThat(Phones.mask("1234")).isEqualTo("****");
		assertThat(Phones.mask(null)).isNull();
	}

}
