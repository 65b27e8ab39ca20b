package cn.luohe.grassroots.identity.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import cn.luohe.grassroots.support.MutableClock;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A token verified once is not verified again, while what time can change is judged on
 * every use: the service's decoder and a Nimbus encoder, with a clock the test moves.
 */
class VerifiedTokensTests {

	private static final Instant NOW = Instant.parse("2026-12-03T01:30:00Z");

	private final SecretKey key = new SecretKeySpec(
			"verified-tokens-test-secret-0123456789".getBytes(StandardCharsets.UTF_8), "HmacSHA256");

	private final SecretKey otherKey = new SecretKeySpec(
			"another-signing-secret-9876543210-abcd".getBytes(StandardCharsets.UTF_8), "HmacSHA256");

	private final MutableClock clock = new MutableClock(NOW, ZoneId.of("Asia/Shanghai"));

	private final VerifiedTokens tokens = tokens(this.key);

	@Test
	void shouldVerifyATokenOnceAndAnswerItsLaterUsesFromWhatWasVerified() {
		String token = token(this.key, "grassroots", NOW.plus(Duration.ofHours(2)));
		Jwt first = this.tokens.decode(token).block();
		Jwt second = this.tokens.decode(token).block();
		assertThat(first).isNotNull();
		assertThat(first.getSubject()).isEqualTo("42");
		// Nimbus builds a new Jwt on every decode: the same one is the kept one
		assertThat(second).isSameAs(first);
	}

	@Test
	void shouldRefuseAKeptTokenOnceItHasExpired() {
		String token = token(this.key, "grassroots", NOW.plus(Duration.ofHours(2)));
		assertThat(this.tokens.decode(token).block()).isNotNull();
		// past its expiry and the 30 s of skew allowed
		this.clock.set(NOW.plus(Duration.ofHours(2)).plusSeconds(31));
		assertThatThrownBy(() -> this.tokens.decode(token).block()).isInstanceOf(JwtValidationException.class)
			.hasMessageContaining("expired");
		// and again: a refusal is not kept as an answer either way
		assertThatThrownBy(() -> this.tokens.decode(token).block()).isInstanceOf(JwtValidationException.class);
	}

	@Test
	void shouldRefuseATokenOfAnotherIssuerOrSignedWithAnotherKey() {
		assertThatThrownBy(() -> this.tokens.decode(token(this.key, "elsewhere", NOW.plusSeconds(600))).block())
			.isInstanceOf(JwtValidationException.class);
		String genuine = token(this.key, "grassroots", NOW.plusSeconds(600));
		assertThat(this.tokens.decode(genuine).block()).isNotNull();
		// the same claims under another key: another text, verified in full
		String forged = token(this.otherKey, "grassroots", NOW.plusSeconds(600));
		assertThatThrownBy(() -> this.tokens.decode(forged).block()).isInstanceOf(BadJwtException.class);
		// the genuine header and claims with a changed signature
		String tampered = genuine.substring(0, genuine.lastIndexOf('.') + 1) + "AAAA"
				+ genuine.substring(genuine.lastIndexOf('.') + 5);
		assertThatThrownBy(() -> this.tokens.decode(tampered).block()).isInstanceOf(BadJwtException.class);
	}

	private VerifiedTokens tokens(SecretKey signing) {
		return TokenConfiguration.verifiedTokens(signing, this.clock);
	}

	private static String token(SecretKey signing, String issuer, Instant expiresAt) {
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer(issuer)
			.subject("42")
			.issuedAt(expiresAt.minus(Duration.ofHours(2)))
			.expiresAt(expiresAt)
			.build();
		return new NimbusJwtEncoder(new ImmutableSecret<>(signing))
			.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
			.getTokenValue();
	}

}
