package cn.luohe.grassroots.identity.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.id.Randoms;
import cn.luohe.grassroots.common.time.BusinessClock;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Access tokens (signed JWT, short-lived) and refresh tokens (random, rotating: each use
 * replaces the token, and presenting an already rotated token revokes its whole family,
 * since only a thief would hold one).
 */
@Service
class TokenService {

	private final JwtEncoder encoder;

	private final DatabaseClient db;

	private final BusinessClock clock;

	private final IdentityProperties properties;

	private final AuditLog audit;

	TokenService(JwtEncoder encoder, DatabaseClient db, BusinessClock clock, IdentityProperties properties,
			AuditLog audit) {
		this.encoder = encoder;
		this.db = db;
		this.clock = clock;
		this.properties = properties;
		this.audit = audit;
	}

	/** Issues a token pair for a user in a new refresh family. */
	Mono<Tokens> issue(long userId) {
		return newRefreshToken(userId, Randoms.uuid()).map(refresh -> new Tokens(accessToken(userId, null), refresh));
	}

	/**
	 * Issues the first pair of a browser session: its refresh family is the session's,
	 * and its access tokens carry the session's id and bindings.
	 */
	Mono<Tokens> issueBrowser(long userId, BrowserSession session, UUID family) {
		return newRefreshToken(userId, family).map(refresh -> new Tokens(accessToken(userId, session), refresh));
	}

	/**
	 * Rotates a refresh token; the old one stops working. Refusals commit what was
	 * written before them: the revocation of a family whose token was reused must stick.
	 */
	@Transactional(noRollbackFor = ApiException.class)
	Mono<RefreshResult> refresh(String refreshToken) {
		Instant now = this.clock.now();
		return this.db.sql("""
				SELECT r.id, r.user_id, r.family, r.expires_at, r.rotated_at, r.revoked_at,
				       p.id AS session_id, p.binding_ids, p.revoked_at AS session_revoked_at
				  FROM refresh_token r LEFT JOIN pc_session p ON p.family = r.family
				 WHERE r.token_hash = :hash FOR UPDATE OF r
				""")
			.bind("hash", hash(refreshToken))
			.map(row -> new StoredRefresh(Params.required(row.get("id", Long.class)),
					Params.required(row.get("user_id", Long.class)), Params.required(row.get("family", UUID.class)),
					Params.required(row.get("expires_at", Instant.class)), row.get("rotated_at", Instant.class),
					row.get("revoked_at", Instant.class),
					browserSession(row.get("session_id", Long.class), row.get("binding_ids", Long[].class)),
					row.get("session_revoked_at", Instant.class)))
			.one()
			.switchIfEmpty(Mono.error(() -> ApiException.unauthenticated("Unknown refresh token")))
			.flatMap(stored -> {
				if (stored.revokedAt() != null || stored.sessionRevokedAt() != null
						|| stored.expiresAt().isBefore(now)) {
					return Mono.error(ApiException.unauthenticated("Refresh token expired or revoked"));
				}
				if (stored.rotatedAt() != null) {
					// a rotated token presented again: someone
					// kept a copy; end the whole family
					return this.db.sql("UPDATE refresh_token SET revoked_at = :now WHERE family = :family")
						.bind("now", now)
						.bind("family", stored.family())
						.then()
						.then(this.audit.record("REFRESH_TOKEN_REUSED", null, stored.userId(), null, null))
						.then(Mono.error(ApiException.unauthenticated("Refresh token already used")));
				}
				return this.db.sql("UPDATE refresh_token SET rotated_at = :now WHERE id = :id")
					.bind("now", now)
					.bind("id", stored.id())
					.then()
					.then(newRefreshToken(stored.userId(), stored.family()))
					.map(refresh -> new RefreshResult(stored.userId(),
							new Tokens(accessToken(stored.userId(), stored.browser()), refresh)));
			});
	}

	long accessTokenSeconds() {
		return this.properties.accessTokenTtl().toSeconds();
	}

	private String accessToken(long userId, @Nullable BrowserSession browser) {
		Instant now = this.clock.now();
		JwtClaimsSet.Builder builder = JwtClaimsSet.builder()
			.issuer(TokenConfiguration.ISSUER)
			.subject(Long.toString(userId))
			.issuedAt(now)
			.expiresAt(now.plus(this.properties.accessTokenTtl()))
			.id(Randoms.uuid().toString());
		if (browser != null) {
			builder.claim(BrowserSession.SESSION_CLAIM, browser.id())
				.claim(BrowserSession.BINDINGS_CLAIM, browser.bindingIds())
				.claim(BrowserSession.CLIENT_CLAIM, BrowserSession.BROWSER);
		}
		JwtClaimsSet claims = builder.build();
		return this.encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
			.getTokenValue();
	}

	private Mono<String> newRefreshToken(long userId, UUID family) {
		String token = Randoms.token(32);
		Instant now = this.clock.now();
		return this.db.sql("""
				INSERT INTO refresh_token (user_id, token_hash, family, expires_at, created_at)
				VALUES (:user, :hash, :family, :expires, :now)
				""")
			.bind("user", userId)
			.bind("hash", hash(token))
			.bind("family", family)
			.bind("expires", now.plus(this.properties.refreshTokenTtl()))
			.bind("now", now)
			.then()
			.thenReturn(token);
	}

	static String hash(String secret) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	record Tokens(String accessToken, String refreshToken) {

		@Override
		public String toString() {
			return "Tokens[******]";
		}

	}

	record RefreshResult(long userId, Tokens tokens) {
	}

	private static @Nullable BrowserSession browserSession(@Nullable Long id, Long @Nullable [] bindingIds) {
		return (id != null) ? new BrowserSession(id, (bindingIds != null) ? List.of(bindingIds) : List.of()) : null;
	}

	private record StoredRefresh(long id, long userId, UUID family, Instant expiresAt, @Nullable Instant rotatedAt,
			@Nullable Instant revokedAt, @Nullable BrowserSession browser, @Nullable Instant sessionRevokedAt) {
	}

}
