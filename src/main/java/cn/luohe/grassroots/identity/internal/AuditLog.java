package cn.luohe.grassroots.identity.internal;

import java.time.Instant;
import java.time.OffsetDateTime;

import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.common.time.BusinessClock;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Identity events for CITY_ADMIN: LOGIN_FAILED, INVITATION_CREATED, INVITATION_REDEEMED,
 * BINDING_REVOKED, REFRESH_TOKEN_REUSED. Details never carry codes, tokens, openids or
 * phone numbers.
 */
@Component
public class AuditLog {

	private final DatabaseClient db;

	private final BusinessClock clock;

	AuditLog(DatabaseClient db, BusinessClock clock) {
		this.db = db;
		this.clock = clock;
	}

	Mono<Void> record(String event, @Nullable Long actorUserId, @Nullable Long subjectUserId, @Nullable Long orgId,
			@Nullable String detail) {
		return this.db.sql("""
				INSERT INTO identity_audit (at, event, actor_user_id, subject_user_id, org_id, detail)
				VALUES (:at, :event, :actor, :subject, :org, :detail)
				""")
			.bind("at", this.clock.now())
			.bind("event", event)
			.bind("actor", Params.nullable(actorUserId, Long.class))
			.bind("subject", Params.nullable(subjectUserId, Long.class))
			.bind("org", Params.nullable(orgId, Long.class))
			.bind("detail", Params.nullable(detail, String.class))
			.then();
	}

	/**
	 * Newest first, below {@code beforeId} when given; callers check CITY_ADMIN first.
	 */
	public Flux<Entry> newestFirst(@Nullable Long beforeId, int limit) {
		return this.db.sql("""
				SELECT id, at, event, actor_user_id, subject_user_id, org_id, detail FROM identity_audit
				 WHERE id < :before ORDER BY id DESC LIMIT :limit
				""")
			.bind("before", (beforeId != null) ? beforeId : Long.MAX_VALUE)
			.bind("limit", limit)
			.map(row -> new Entry(Params.required(row.get("id", Long.class)),
					Params.required(row.get("at", Instant.class)).atZone(BusinessClock.ZONE).toOffsetDateTime(),
					Params.required(row.get("event", String.class)), row.get("actor_user_id", Long.class),
					row.get("subject_user_id", Long.class), row.get("org_id", Long.class),
					row.get("detail", String.class)))
			.all();
	}

	/** One audited event. */
	public record Entry(long id, OffsetDateTime at, String event, @Nullable Long actorUserId,
			@Nullable Long subjectUserId, @Nullable Long orgId, @Nullable String detail) {
	}

}
