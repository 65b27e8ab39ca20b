package cn.luohe.grassroots.identity.internal;

import java.time.Instant;

import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.Role;
import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Browser sessions signed in by scan: listed and revoked by their user and by a
 * CITY_ADMIN. Revoking ends the refresh family and, through the token decoder's session
 * check, every access token the session holds.
 */
@Service
public class PcSessionService {

	private final DatabaseClient db;

	private final BusinessClock clock;

	private final AuditLog audit;

	private final TransactionalOperator tx;

	PcSessionService(DatabaseClient db, BusinessClock clock, AuditLog audit, TransactionalOperator tx) {
		this.db = db;
		this.clock = clock;
		this.audit = audit;
		this.tx = tx;
	}

	/**
	 * The id of the current request's browser session; empty for a mini-program token.
	 */
	public Mono<Long> currentSessionId() {
		return BrowserSession.current().map(BrowserSession::id);
	}

	/** {@code userId}'s sessions, newest first, below {@code beforeId} when given. */
	public Flux<PcSession> ofUser(long userId, @Nullable Long beforeId, int limit) {
		return this.db.sql("""
				SELECT id, user_id, user_agent, created_at, revoked_at FROM pc_session
				 WHERE user_id = :user AND id < :before ORDER BY id DESC LIMIT :limit
				""")
			.bind("user", userId)
			.bind("before", (beforeId != null) ? beforeId : Long.MAX_VALUE)
			.bind("limit", limit)
			.map(PcSessionService::toSession)
			.all();
	}

	/** A CITY_ADMIN lists anyone's sessions. */
	public Flux<PcSession> ofUserForAdmin(Caller caller, long userId, @Nullable Long beforeId, int limit) {
		if (!caller.hasRole(Role.CITY_ADMIN)) {
			return Flux.error(ApiException.forbiddenRole());
		}
		return ofUser(userId, beforeId, limit);
	}

	/** The user revokes one of their own sessions (404 for anyone else's). */
	public Mono<Void> revokeOwn(Caller caller, long sessionId) {
		return revoke(caller, sessionId, caller.userId());
	}

	/** A CITY_ADMIN revokes anyone's session. */
	public Mono<Void> revokeAny(Caller caller, long sessionId) {
		if (!caller.hasRole(Role.CITY_ADMIN)) {
			return Mono.error(ApiException.forbiddenRole());
		}
		return revoke(caller, sessionId, null);
	}

	private Mono<Void> revoke(Caller caller, long sessionId, @Nullable Long owner) {
		Instant now = this.clock.now();
		return this.db.sql("""
				UPDATE pc_session SET revoked_at = coalesce(revoked_at, :now),
				       revoked_by = coalesce(revoked_by, :by)
				 WHERE id = :id AND (:owner::bigint IS NULL OR user_id = :owner::bigint)
				RETURNING user_id, family
				""")
			.bind("now", now)
			.bind("by", caller.userId())
			.bind("id", sessionId)
			.bind("owner", Params.nullable(owner, Long.class))
			.map(row -> new Object[] { Params.required(row.get("user_id", Long.class)),
					Params.required(row.get("family", java.util.UUID.class)) })
			.one()
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("PC session")))
			.flatMap(row -> this.db
				.sql("UPDATE refresh_token SET revoked_at = :now WHERE family = :family AND revoked_at IS NULL")
				.bind("now", now)
				.bind("family", row[1])
				.then()
				.then(this.audit.record("PC_SESSION_REVOKED", caller.userId(), (Long) row[0], null,
						"pc session " + sessionId)))
			.as(this.tx::transactional);
	}

	private static PcSession toSession(Readable row) {
		return new PcSession(Params.required(row.get("id", Long.class)),
				Params.required(row.get("user_id", Long.class)), row.get("user_agent", String.class),
				Params.required(row.get("created_at", Instant.class)), row.get("revoked_at", Instant.class));
	}

	/** One browser session. */
	public record PcSession(long id, long userId, @Nullable String userAgent, Instant createdAt,
			@Nullable Instant revokedAt) {
	}

}
