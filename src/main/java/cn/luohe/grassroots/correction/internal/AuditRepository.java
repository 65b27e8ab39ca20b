package cn.luohe.grassroots.correction.internal;

import java.time.Instant;

import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.correction.api.RecordKind;
import cn.luohe.grassroots.org.api.Org;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/** The voided columns of every record table and the one audit table. */
@Repository
class AuditRepository {

	private final DatabaseClient db;

	AuditRepository(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Marks the record voided unless it is already; answers the void as stored either
	 * way, and whether this call wrote it.
	 */
	Mono<VoidRow> markVoided(RecordKind kind, long id, long by, String reason, Instant now) {
		// the table is the kind's constant, never a request's text
		return this.db.sql("""
				WITH marked AS (
				    UPDATE %1$s SET voided_at = :now, voided_by = :by, void_reason = :reason
				     WHERE id = :id AND voided_at IS NULL
				    RETURNING voided_at, voided_by, void_reason
				)
				SELECT voided_at, voided_by, void_reason, true AS written FROM marked
				UNION ALL
				SELECT voided_at, voided_by, void_reason, false FROM %1$s
				 WHERE id = :id AND voided_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM marked)
				""".formatted(kind.table()))
			.bind("now", now)
			.bind("by", by)
			.bind("reason", reason)
			.bind("id", id)
			.map(row -> new VoidRow(Params.required(row.get("voided_at", Instant.class)),
					Params.required(row.get("voided_by", Long.class)),
					Params.required(row.get("void_reason", String.class)),
					Params.required(row.get("written", Boolean.class))))
			.one();
	}

	Mono<Void> insert(RecordKind kind, long recordId, long actorId, String action, @Nullable String reason,
			String before, String after, Org org, Instant at) {
		return this.db
			.sql("""
					INSERT INTO record_audit (kind, record_id, actor_id, action, reason, before, after, org_id, org_path, at)
					VALUES (:kind, :record, :actor, :action, :reason, CAST(:before AS jsonb), CAST(:after AS jsonb),
					        :org, :path, :at)
					""")
			.bind("kind", kind.wireName())
			.bind("record", recordId)
			.bind("actor", actorId)
			.bind("action", action)
			.bind("reason", Params.nullable(reason, String.class))
			.bind("before", before)
			.bind("after", after)
			.bind("org", org.id())
			.bind("path", org.path())
			.bind("at", at)
			.then();
	}

	/** A record's audit trail, oldest first, after {@code afterId}. */
	Flux<AuditRow> trail(RecordKind kind, long recordId, long afterId, int limit) {
		return this.db.sql("""
				SELECT a.id, a.kind, a.record_id, a.actor_id, u.display_name AS actor_name, a.action, a.reason,
				       a.before::text AS before, a.after::text AS after, a.org_id, a.at
				  FROM record_audit a JOIN app_user u ON u.id = a.actor_id
				 WHERE a.kind = :kind AND a.record_id = :record AND a.id > :after
				 ORDER BY a.id
				 LIMIT :limit
				""")
			.bind("kind", kind.wireName())
			.bind("record", recordId)
			.bind("after", afterId)
			.bind("limit", limit)
			.map(row -> new AuditRow(Params.required(row.get("id", Long.class)),
					Params.required(row.get("kind", String.class)), Params.required(row.get("record_id", Long.class)),
					Params.required(row.get("actor_id", Long.class)),
					Params.required(row.get("actor_name", String.class)),
					Params.required(row.get("action", String.class)), row.get("reason", String.class),
					Params.required(row.get("before", String.class)), Params.required(row.get("after", String.class)),
					Params.required(row.get("org_id", Long.class)), Params.required(row.get("at", Instant.class))))
			.all();
	}

	/** How a record was voided; {@code written}: by this very call. */
	record VoidRow(Instant voidedAt, long voidedBy, String reason, boolean written) {
	}

	/** One audit row as stored; its org's administrators read it. */
	record AuditRow(long id, String kind, long recordId, long actorId, String actorName, String action,
			@Nullable String reason, String before, String after, long orgId, Instant at) {
	}

}
