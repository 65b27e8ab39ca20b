package cn.luohe.grassroots.common.security;

import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RequestFirewall's rules are Spring Security's own, decided without a regex: compared
 * with the library's predicates on every code point alone, inside ASCII text, and on lone
 * and paired surrogates.
 */
class RequestFirewallTests {

	@Test
	void shouldJudgeNamesAsTheLibraryDoesForEveryCodePoint() {
		assertSameVerdicts(RequestFirewall.NAMES, StrictServerWebExchangeFirewall.ALLOWED_HEADER_NAMES);
		assertSameVerdicts(RequestFirewall.NAMES, StrictServerWebExchangeFirewall.ALLOWED_PARAMETER_NAMES);
	}

	@Test
	void shouldJudgeHeaderValuesAsTheLibraryDoesForEveryCodePoint() {
		assertSameVerdicts(RequestFirewall.HEADER_VALUES, StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES);
	}

	@Test
	void shouldPassAnAbsentValueAsTheLibraryDoes() {
		assertThat(RequestFirewall.NAMES.test(null)).isTrue();
		assertThat(RequestFirewall.HEADER_VALUES.test(null)).isTrue();
		assertThat(StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES.test(null)).isTrue();
	}

	@Test
	void shouldAllowATabInValuesOnly() {
		assertThat(RequestFirewall.HEADER_VALUES.test("Bearer\tabc")).isTrue();
		assertThat(RequestFirewall.NAMES.test("X-\tName")).isFalse();
	}

	@Test
	void shouldRefuseAControlCharacterAnywhereInAString() {
		for (String text : new String[] { "\u0000abc", "ab\u007fc", "abc\u009f", "Bearer eyJ\u0085x" }) {
			assertThat(RequestFirewall.HEADER_VALUES.test(text)).as(text).isFalse();
			assertThat(RequestFirewall.NAMES.test(text)).as(text).isFalse();
		}
		assertThat(RequestFirewall.HEADER_VALUES.test("")).isTrue();
		assertThat(RequestFirewall.HEADER_VALUES.test("application/json; charset=UTF-8")).isTrue();
		assertThat(RequestFirewall.HEADER_VALUES.test("舞泉镇 青年之家")).isTrue();
	}

	@Test
	void shouldJudgeSurrogatesAsTheLibraryDoes() {
		String[] texts = { "\ud83d\ude00", "a\ud83d", "\ude00b", "\ude00\ud83d", "\udb40\udc01", "\udbff\udfff",
				"x\ud800\udc00y" };
		for (String text : texts) {
			assertThat(RequestFirewall.NAMES.test(text)).as(text)
				.isEqualTo(StrictServerWebExchangeFirewall.ALLOWED_HEADER_NAMES.test(text));
			assertThat(RequestFirewall.HEADER_VALUES.test(text)).as(text)
				.isEqualTo(StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES.test(text));
		}
	}

	private static void assertSameVerdicts(Predicate<String> ours, Predicate<String> library) {
		int differences = 0;
		StringBuilder first = new StringBuilder();
		for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
			String alone = Character.toString(codePoint);
			String inText = "Bearer " + alone + "x";
			for (String text : new String[] { alone, inText }) {
				if (ours.test(text) != library.test(text)) {
					if (differences++ == 0) {
						first.append(Integer.toHexString(codePoint));
					}
				}
			}
		}
		assertThat(differences).as("code points judged otherwise, the first U+%s", first).isZero();
	}

}
