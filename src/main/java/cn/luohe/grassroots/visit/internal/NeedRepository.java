package cn.luohe.grassroots.visit.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.common.paging.InstantCursor;
import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.common.db.SqlStep;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgLevel;
import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;

@Repository
class NeedRepository {

	private static final String COLUMNS = """
			n.id, n.visit_id, n.org_id, o.code AS org_code, o.name AS org_name, o.level AS org_level,
			       o.parent_id AS org_parent_id, o.path AS org_path, n.town_id, n.month, n.heard_by, n.text,
			       n.status, n.created_at, n.resolved_at, n.resolved_by, n.response
			""";

	private static final String SELECT = "SELECT " + COLUMNS + " FROM need n JOIN org_unit o ON o.id = n.org_id\n";

	private final DatabaseClient db;

	NeedRepository(DatabaseClient db) {
		this.db = db;
	}

	Mono<NeedRow> find(long id) {
		return this.db.sql(SELECT + " WHERE n.id = :id").bind("id", id).map(NeedRepository::toNeed).one();
	}

	Flux<NeedRow> forVisits(Collection<Long> visitIds) {
		if (visitIds.isEmpty()) {
			return Flux.empty();
		}
		return this.db.sql(SELECT + " WHERE n.visit_id = ANY(:visits) ORDER BY n.visit_id, n.position")
			.bind("visits", visitIds.toArray(Long[]::new))
			.map(NeedRepository::toNeed)
			.all();
	}

	/**
	 * Resolves an OPEN need, with the {@code steps} (its feed event, which reads its id
	 * as {@code (SELECT id FROM u)}, and the dirty mark) in the same statement; answers
	 * it as stored, or nothing when it was resolved (or voided) already: the caller then
	 * fails, and its transaction takes the steps back.
	 */
	Mono<NeedRow> resolveReturning(long id, long resolvedBy, String response, Instant now, SqlStep... steps) {
		return SqlStep.bind(this.db.sql(SqlStep.with("u AS (" + """
				UPDATE need SET status = 'RESOLVED', resolved_at = :now, resolved_by = :by, response = :response
				 WHERE id = :id AND status = 'OPEN' AND voided_at IS NULL
				RETURNING *
				)""", "SELECT " + COLUMNS + " FROM u AS n JOIN org_unit o ON o.id = n.org_id", steps)), steps)
			.bind("now", now)
			.bind("by", resolvedBy)
			.bind("response", response)
			.bind("id", id)
			.map(NeedRepository::toNeed)
			.one();
	}

	/** Resolves an OPEN need; 0 when it was resolved already. */
	Mono<Long> resolve(long id, long resolvedBy, String response, Instant now) {
		return this.db.sql("""
				UPDATE need SET status = 'RESOLVED', resolved_at = :now, resolved_by = :by, response = :response
				 WHERE id = :id AND status = 'OPEN' AND voided_at IS NULL
				""")
			.bind("now", now)
			.bind("by", resolvedBy)
			.bind("response", response)
			.bind("id", id)
			.fetch()
			.rowsUpdated();
	}

	/** A corrected visit's needs follow it to its new org. */
	Mono<Void> moveToOrg(long visitId, long orgId, long townId) {
		return this.db.sql("UPDATE need SET org_id = :org, town_id = :town WHERE visit_id = :visit")
			.bind("org", orgId)
			.bind("town", townId)
			.bind("visit", visitId)
			.then();
	}

	/**
	 * One page of needs the caller may read (heard by them, or at orgs under one of
	 * {@code overseenPrefixes}): open ones oldest first, resolved ones latest answered
	 * first.
	 */
	Flux<NeedRow> list(long callerId, List<String> overseenPrefixes, @Nullable String orgPrefix,
			@Nullable NeedStatus status, @Nullable InstantCursor after, int limit) {
		StringBuilder sql = new StringBuilder(SELECT)
			.append(" WHERE (n.heard_by = :me OR o.path LIKE ANY(CAST(:overseen AS text[])))")
			// the needs of a voided visit are voided with it
			.append(" AND n.voided_at IS NULL");
		Map<String, Object> binds = new LinkedHashMap<>();
		binds.put("me", callerId);
		binds.put("overseen", overseenPrefixes.toArray(String[]::new));
		if (orgPrefix != null) {
			sql.append(" AND o.path LIKE :orgPrefix");
			binds.put("orgPrefix", orgPrefix);
		}
		if (status != null) {
			sql.append(" AND n.status = :status");
			binds.put("status", status.name());
		}
		boolean latestAnswered = status == NeedStatus.RESOLVED;
		if (after != null) {
			sql.append(latestAnswered ? " AND (n.resolved_at, n.id) < (:cursorAt, :cursorId)"
					: " AND (n.created_at, n.id) > (:cursorAt, :cursorId)");
			binds.put("cursorAt", after.at());
			binds.put("cursorId", after.id());
		}
		sql.append(latestAnswered ? " ORDER BY n.resolved_at DESC, n.id DESC" : " ORDER BY n.created_at, n.id");
		sql.append(" LIMIT :limit");
		binds.put("limit", limit);
		GenericExecuteSpec spec = this.db.sql(sql.toString());
		for (Map.Entry<String, Object> bind : binds.entrySet()) {
			spec = spec.bind(bind.getKey(), bind.getValue());
		}
		return spec.map(NeedRepository::toNeed).all();
	}

	static NeedRow toNeed(Readable row) {
		Org org = new Org(Params.required(row.get("org_id", Long.class)),
				Params.required(row.get("org_code", String.class)), Params.required(row.get("org_name", String.class)),
				OrgLevel.valueOf(Params.required(row.get("org_level", String.class))),
				row.get("org_parent_id", Long.class), Params.required(row.get("org_path", String.class)));
		return new NeedRow(Params.required(row.get("id", Long.class)), Params.required(row.get("visit_id", Long.class)),
				org, Params.required(row.get("town_id", Long.class)),
				Params.required(row.get("month", LocalDate.class)), Params.required(row.get("heard_by", Long.class)),
				Params.required(row.get("text", String.class)),
				NeedStatus.valueOf(Params.required(row.get("status", String.class))),
				Params.required(row.get("created_at", Instant.class)), row.get("resolved_at", Instant.class),
				row.get("resolved_by", Long.class), row.get("response", String.class));
	}

}
