package cn.luohe.grassroots.identity.internal;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.util.StringUtils;

/**
 * Access tokens whose signature was verified, kept by their text: a phone sends the same
 * token with every request for its two hours, and verifying and parsing it again cost
 * about a twentieth of a check-in's service CPU (issue 19). What can change between two
 * requests is judged on every one: the time rules (expiry by the business clock) here, a
 * browser session's revocation by the caller. A different text (tampered, re-signed) is
 * another key and is verified in full.
 */
final class VerifiedTokens implements ReactiveJwtDecoder {

	/** Tokens in use at once on one replica, with room: every cadre's phone, twice. */
	static final int CAPACITY = 20_000;

	private final ReactiveJwtDecoder verifier;

	private final OAuth2TokenValidator<Jwt> rules;

	private final Cache<String, Jwt> verified;

	/**
	 * @param verifier checks the signature and reads the claims, judging nothing that
	 * time can change
	 * @param rules judged on every use
	 * @param keep how long a verified token is kept after it was last used
	 */
	VerifiedTokens(ReactiveJwtDecoder verifier, OAuth2TokenValidator<Jwt> rules, Duration keep) {
		this.verifier = verifier;
		this.rules = rules;
		this.verified = Caffeine.newBuilder().maximumSize(CAPACITY).expireAfterAccess(keep).build();
	}

	@Override
	public Mono<Jwt> decode(String token) {
		Jwt known = this.verified.getIfPresent(token);
		Mono<Jwt> jwt = (known != null) ? Mono.just(known)
				: this.verifier.decode(token).doOnNext(decoded -> this.verified.put(token, decoded));
		return jwt.handle((decoded, sink) -> {
			OAuth2TokenValidatorResult result = this.rules.validate(decoded);
			if (result.hasErrors()) {
				sink.error(new JwtValidationException(message(result), result.getErrors()));
				return;
			}
			sink.next(decoded);
		});
	}

	/** As Spring's decoder words it: the first error's description. */
	private static String message(OAuth2TokenValidatorResult result) {
		return result.getErrors()
			.stream()
			.map(OAuth2Error::getDescription)
			.filter(StringUtils::hasLength)
			.findFirst()
			.orElse("Unable to validate Jwt");
	}

}
