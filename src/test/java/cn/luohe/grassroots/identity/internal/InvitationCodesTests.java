package cn.luohe.grassroots.identity.internal;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InvitationCodesTests {

	@Test
	void shouldCarryAtLeastSixtyRandomBits() {
		assertThat(InvitationCodes.ALPHABET).hasSize(32).doesNotContain("0", "O", "1", "I");
		assertThat(InvitationCodes.ALPHABET.chars().distinct().count()).isEqualTo(32);
		assertThat(InvitationCodes.LENGTH * (Integer.numberOfTrailingZeros(InvitationCodes.ALPHABET.length())))
			.isGreaterThanOrEqualTo(60);
	}

	@Test
	void shouldGenerateDistinctCodesFromTheAlphabet() {
		Set<String> codes = new HashSet<>();
		for (int i = 0; i < 1_000; i++) {
			String code = InvitationCodes.generate();
			assertThat(code).matches("[" + InvitationCodes.ALPHABET + "]{12}");
			codes.add(code);
		}
		assertThat(codes).hasSize(1_000);
	}

	@Test
	void shouldAcceptCodesAsPeopleTypeThem() {
		assertThat(InvitationCodes.normalize("abcd-efgh-jk23")).isEqualTo("ABCDEFGHJK23");
		assertThat(InvitationCodes.normalize("ABCD EFGH JK23")).isEqualTo("ABCDEFGHJK23");
		assertThat(InvitationCodes.normalize("ABCDEFGHJK2")).isNull();
		assertThat(InvitationCodes.normalize("ABCDEFGHJK2O")).isNull();
		assertThat(InvitationCodes.normalize("ABCDEFGHJK2%")).isNull();
		assertThat(InvitationCodes.normalize("A".repeat(100))).isNull();
	}

	@Test
	void shouldHashCodesWithSha256() {
		assertThat(InvitationCodes.hash("ABCDEFGHJK23")).hasSize(64)
			.isEqualTo(InvitationCodes.hash("ABCDEFGHJK23"))
			.isNotEqualTo(InvitationCodes.hash("ABCDEFGHJK24"))
			.doesNotContain("ABCDEFGHJK23");
	}

}
