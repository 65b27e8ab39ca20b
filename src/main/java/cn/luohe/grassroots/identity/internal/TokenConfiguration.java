package cn.luohe.grassroots.identity.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * HS256 access tokens. The secret is {@code APP_JWT_SECRET} (required in prod) or one
 * generated on first start and kept under {@code APP_DATA_DIR}. Expiry is judged by the
 * business clock so that {@code APP_CLOCK} runs stay consistent.
 */
@Configuration(proxyBeanMethods = false)
class TokenConfiguration {

	static final String ISSUER = "grassroots";

	@Bean
	SecretKey jwtSigningKey(IdentityProperties properties, Environment environment) {
		String secret = properties.jwtSecret();
		if (secret == null || secret.isBlank()) {
			if (environment.acceptsProfiles(Profiles.of("prod"))) {
				throw new IllegalStateException("APP_JWT_SECRET must be set (at least 32 bytes) in the prod profile");
			}
			secret = generatedSecret(properties.dataDir());
		}
		byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
		if (bytes.length < 32) {
			throw new IllegalStateException("APP_JWT_SECRET must be at least 32 bytes long");
		}
		return new SecretKeySpec(bytes, "HmacSHA256");
	}

	@Bean
	ReactiveJwtDecoder jwtDecoder(SecretKey jwtSigningKey, Clock clock, DatabaseClient db) {
		VerifiedTokens tokens = verifiedTokens(jwtSigningKey, clock);
		return token -> tokens.decode(token).flatMap(jwt -> requireLiveSession(jwt, db));
	}

	/** Our HS256 tokens, each verified once, their time rules judged by {@code clock}. */
	static VerifiedTokens verifiedTokens(SecretKey jwtSigningKey, Clock clock) {
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withSecretKey(jwtSigningKey)
			.macAlgorithm(MacAlgorithm.HS256)
			.build();
		// Spring's default converter reads "iss" as a URL first and falls back to the
		// string on the exception that throws: one exception, stack trace and all, per
		// request for an issuer like ours. Ours is a plain name: keep it a string.
		decoder
			.setClaimSetConverter(MappedJwtClaimSetConverter.withDefaults(Map.of(JwtClaimNames.ISS, String::valueOf)));
		// the signature and claims only: the rules below are judged on every use, also
		// of a token verified before
		decoder.setJwtValidator(jwt -> OAuth2TokenValidatorResult.success());
		JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ofSeconds(30));
		timestamps.setClock(clock);
		return new VerifiedTokens(decoder,
				new DelegatingOAuth2TokenValidator<>(timestamps, new JwtClaimValidator<String>("iss", ISSUER::equals)),
				Duration.ofMinutes(10));
	}

	/**
	 * A browser session's token stops working when the session is revoked (one primary
	 * key lookup; mini-program tokens carry no session and cost nothing).
	 */
	private static Mono<Jwt> requireLiveSession(Jwt jwt, DatabaseClient db) {
		BrowserSession session = BrowserSession.of(jwt);
		if (session == null) {
			return Mono.just(jwt);
		}
		return db.sql("SELECT revoked_at IS NULL AS live FROM pc_session WHERE id = :id")
			.bind("id", session.id())
			.map(row -> Boolean.TRUE.equals(row.get("live", Boolean.class)))
			.one()
			.filter(Boolean::booleanValue)
			.switchIfEmpty(Mono.error(() -> new BadJwtException("The browser session was revoked")))
			.thenReturn(jwt);
	}

	@Bean
	JwtEncoder jwtEncoder(SecretKey jwtSigningKey) {
		return new NimbusJwtEncoder(new ImmutableSecret<>(jwtSigningKey));
	}

	private static String generatedSecret(Path dataDir) {
		Path file = dataDir.resolve("jwt-secret");
		try {
			if (Files.isRegularFile(file)) {
				return Files.readString(file).trim();
			}
			Files.createDirectories(dataDir);
			byte[] random = new byte[48];
			new SecureRandom().nextBytes(random);
			String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
			Path tmp = Files.createTempFile(dataDir, "jwt-secret", ".tmp");
			try {
				Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
			}
			catch (UnsupportedOperationException ex) {
				// not a POSIX file system; the directory's permissions apply
			}
			Files.writeString(tmp, secret);
			Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
			return secret;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not keep the generated JWT secret in " + file, ex);
		}
	}

}
