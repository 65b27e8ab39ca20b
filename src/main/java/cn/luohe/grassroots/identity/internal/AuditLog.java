package cn.luohe.grassroots.identity.internal;

import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.common.time.BusinessClock;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/** Identity events for CITY_ADMIN. Details never carry codes, tokens or phone numbers. */
@Component
class AuditLog {

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

}
