package cn.luohe.grassroots.visit.internal;

import java.util.Objects;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import cn.luohe.grassroots.common.geo.CoordSystem;
import cn.luohe.grassroots.common.geo.GeoPoint;
import cn.luohe.grassroots.common.paging.InstantCursor;
import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.common.db.PositionalStatement;
import cn.luohe.grassroots.common.db.SqlStep;
import cn.luohe.grassroots.common.idempotency.Idempotency;
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
class VisitRepository {

	private static final String COLUMNS = """
			v.id, v.user_id, v.org_id, o.code AS org_code, o.name AS org_name, o.level AS org_level,
			       o.parent_id AS org_parent_id, o.path AS org_path, v.town_id, v.status, v.occurred_at,
			       v.received_at, v.effective_at, v.month, v.day_end, v.in_visit_week, v.flags, v.check_in_lat,
			       v.check_in_lng, v.check_in_accuracy, v.check_in_coord_system, v.note, v.photo_ids,
			       v.check_out_lat, v.check_out_lng, v.check_out_accuracy, v.check_out_coord_system,
			       v.check_out_occurred_at, v.checked_out_at, v.people_met, v.resolved, v.summary, v.voided_at,
			       v.void_reason
			""";

	private static final String SELECT = "SELECT " + COLUMNS + " FROM visit v JOIN org_unit o ON o.id = v.org_id\n";

	/** A visit's insert up to its gate (the idempotency key's claim, or {@code true}). */
	private static final String INSERT_HEAD = """
			v AS (INSERT INTO visit (id, user_id, org_id, town_id, status, occurred_at, received_at, effective_at,
			                         month, day_end, in_visit_week, flags, check_in_lat, check_in_lng,
			                         check_in_accuracy, check_in_coord_system, note, photo_ids, created_at,
			                         updated_at)
			      OVERRIDING SYSTEM VALUE
			      SELECT :id, :user, :org, :town, 'IN_PROGRESS', :occurredAt, :receivedAt, :effectiveAt, :month,
			             :dayEnd, :inWeek, :flags, :lat, :lng, :accuracy, :system, :note, :photos, :now, :now
			       WHERE """;

	private static final String INSERT_TAIL = """

			RETURNING id)""";

	/**
	 * The SQLSTATE of a check-out whose visit no longer qualifies ({@link #complete}).
	 */
	static final String NOT_OPEN = "GRK02";

	/**
	 * A check-out's completion up to its gate (the idempotency key's claim, or
	 * {@code true}).
	 */
	private static final String COMPLETE_HEAD = """
			v AS (UPDATE visit
			         SET status = 'COMPLETED', check_out_lat = :lat, check_out_lng = :lng,
			             check_out_accuracy = :accuracy, check_out_coord_system = :system,
			             check_out_occurred_at = :occurredAt, checked_out_at = :now, people_met = :people,
			             resolved = :resolved, summary = :summary, flags = :flags, auto_closed_at = NULL,
			             updated_at = :now
			       WHERE id = :id AND status <> 'COMPLETED' AND day_end > :at AND\s""";

	/** Its needs, under the ids drawn before. */
	private static final String COMPLETE_TAIL = """

			      RETURNING id, org_id, town_id, month),
			n AS (INSERT INTO need (id, visit_id, position, org_id, town_id, month, heard_by, text, status, created_at)
			      OVERRIDING SYSTEM VALUE
			      SELECT t.id, v.id, t.position, v.org_id, v.town_id, v.month, :heardBy, t.text, 'OPEN', :now
			        FROM v, unnest(CAST(:needs AS text[]), CAST(:needIds AS bigint[]))
			                WITH ORDINALITY AS t(text, id, position))""";

	/**
	 * {@link #checkOutSurroundings}' read, formatted once rather than on every check-out.
	 */
	private static final String CHECK_OUT_SURROUNDINGS = "SELECT " + COLUMNS + """
			    , o.lat AS org_lat, o.lng AS org_lng,
			      ARRAY(SELECT nextval(pg_get_serial_sequence('need', 'id'))
			              FROM generate_series(1, %d) AS drawn(n) WHERE n <= :needs) AS need_ids
			 FROM visit v JOIN org_unit o ON o.id = v.org_id
			WHERE v.id = :id""".formatted(CheckOutCommand.MAX_NEEDS);

	private final DatabaseClient db;

	VisitRepository(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Writes the visit under the id its surroundings drew, with {@code claim} (its
	 * idempotency key and stored answer) and the {@code steps} (the feed event, the dirty
	 * mark…, which name the visit's id {@code (SELECT id FROM v)}), all in one statement.
	 */
	Mono<Void> insert(long id, NewVisit visit, Instant now, Idempotency.KeyClaim claim, SqlStep... steps) {
		// bound at once and by position (SqlStep.positional): one by one, each value
		// copied the map of the others; by name, each run expanded the text afresh
		Map<String, Object> values = new LinkedHashMap<>(claim.step().binds());
		values.put("id", id);
		values.put("user", visit.userId());
		values.put("org", visit.orgId());
		values.put("town", visit.townId());
		values.put("occurredAt", Params.nullable(visit.occurredAt(), Instant.class));
		values.put("receivedAt", visit.receivedAt());
		values.put("effectiveAt", visit.effectiveAt());
		values.put("month", visit.month());
		values.put("dayEnd", visit.dayEnd());
		values.put("inWeek", visit.inVisitWeek());
		values.put("flags", names(visit.flags()));
		values.put("lat", visit.checkIn().lat());
		values.put("lng", visit.checkIn().lng());
		values.put("accuracy", Params.nullable(visit.checkIn().accuracy(), Double.class));
		values.put("system", visit.checkIn().system().name());
		values.put("note", Params.nullable(visit.note(), String.class));
		values.put("photos", visit.photoIds().toArray(Long[]::new));
		values.put("now", now);
		return SqlStep
			.positional(this.db,
					SqlStep.with(claim.step(), INSERT_HEAD + claim.gate() + INSERT_TAIL, "SELECT id FROM v", steps),
					values, steps)
			.map(row -> id)
			.one()
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("Visit " + id + " was not written")))
			.then();
	}

	/**
	 * The visit {@link #insert} writes, as a later read returns it: its answer, known
	 * before the statement runs.
	 */
	static VisitRow asStored(long id, NewVisit visit, Org org) {
		List<VisitFlag> flags = visit.flags().stream().sorted().toList();
		return new VisitRow(id, visit.userId(), org, visit.townId(), VisitStatus.IN_PROGRESS, visit.occurredAt(),
				visit.receivedAt(), visit.effectiveAt(), visit.month(), visit.dayEnd(), visit.inVisitWeek(), flags,
				visit.checkIn(), visit.note(), List.copyOf(visit.photoIds()), null, null, null, null, List.of(), null,
				null, null);
	}

	Mono<VisitRow> find(long id) {
		return this.db.sql(SELECT + " WHERE v.id = :id").bind("id", id).map(VisitRepository::toVisit).one();
	}

	/**
	 * What a check-in is judged against, in one statement: the user's latest check-in at
	 * or before {@code at} and the visited org's known location; and the id the visit
	 * will have (drawn now, so that its answer is known before it is written).
	 */
	Mono<Surroundings> surroundings(long userId, Instant at, long orgId) {
		return PositionalStatement.of(this.db, """
				SELECT f.check_in_lat, f.check_in_lng, f.check_in_accuracy, f.check_in_coord_system, f.effective_at,
				       o.lat AS org_lat, o.lng AS org_lng, nextval(pg_get_serial_sequence('visit', 'id')) AS next_id
				  FROM (SELECT 1) AS one
				  LEFT JOIN LATERAL (SELECT check_in_lat, check_in_lng, check_in_accuracy, check_in_coord_system,
				                            effective_at
				                       FROM visit WHERE user_id = :user AND effective_at <= :at AND voided_at IS NULL
				                      ORDER BY effective_at DESC, id DESC LIMIT 1) AS f ON true
				  LEFT JOIN org_unit o ON o.id = :org AND o.lat IS NOT NULL AND o.lng IS NOT NULL
				""", Map.of("user", userId, "at", at, "org", orgId)).map(row -> {
			Instant fixedAt = row.get("effective_at", Instant.class);
			Double lat = row.get("org_lat", Double.class);
			Double lng = row.get("org_lng", Double.class);
			return new Surroundings((fixedAt != null)
					? new PlausibilityRule.Fix(Objects.requireNonNull(GeoPoint.read(row, "check_in_")), fixedAt) : null,
					(lat != null && lng != null) ? new GeoPoint(lat, lng, null, CoordSystem.WGS84) : null,
					Params.required(row.get("next_id", Long.class)));
		}).one();
	}

	/**
	 * What a check-out is judged against, in one statement: the visit, its org's known
	 * location, and the ids its {@code needs} needs will have (drawn now, so that its
	 * answer is known before it is written; a refused check-out leaves a gap). The ids
	 * are drawn from a series of a fixed length cut to {@code needs}, not from
	 * {@code generate_series(1, :needs)}: PostgreSQL costs a series of a parameter's
	 * length at a thousand rows in a generic plan, so it planned this read afresh on
	 * every check-out (0.30 ms of its CPU each on the bench host).
	 */
	Mono<CheckOutSurroundings> checkOutSurroundings(long id, int needs) {
		return PositionalStatement.of(this.db, CHECK_OUT_SURROUNDINGS, Map.of("id", id, "needs", needs)).map(row -> {
			Double lat = row.get("org_lat", Double.class);
			Double lng = row.get("org_lng", Double.class);
			return new CheckOutSurroundings(toVisit(row),
					(lat != null && lng != null) ? new GeoPoint(lat, lng, null, CoordSystem.WGS84) : null,
					List.of(Params.required(row.get("need_ids", Long[].class))));
		}).one();
	}

	/**
	 * Completes a visit that is not yet completed and whose day has not ended at
	 * {@code at}, with the needs heard under the ids its surroundings drew, {@code claim}
	 * (its idempotency key and stored answer) and the {@code steps} (the feed event, the
	 * dirty mark, which name the visit's id {@code (SELECT id FROM v)}), all in one
	 * statement. When the visit no longer qualifies (a concurrent check-out, or too late)
	 * the statement fails whole with {@link #NOT_OPEN}: the key's claim and the steps run
	 * whether or not the visit's row matched.
	 */
	Mono<Void> complete(CheckedOut out, Instant at, Idempotency.KeyClaim claim, SqlStep... steps) {
		CheckOutCommand checkOut = out.command();
		Map<String, Object> values = new LinkedHashMap<>(claim.step().binds());
		values.put("lat", checkOut.location().lat());
		values.put("lng", checkOut.location().lng());
		values.put("accuracy", Params.nullable(checkOut.location().accuracy(), Double.class));
		values.put("system", checkOut.location().system().name());
		values.put("occurredAt", Params.nullable(out.occurredAt(), Instant.class));
		values.put("now", out.now());
		values.put("people", checkOut.peopleMet());
		values.put("resolved", checkOut.resolved().toArray(String[]::new));
		values.put("summary", Params.nullable(checkOut.summary(), String.class));
		values.put("flags", names(out.flags()));
		values.put("id", out.visitId());
		values.put("at", at);
		values.put("heardBy", out.heardBy());
		values.put("needs", checkOut.needs().toArray(String[]::new));
		values.put("needIds", out.needIds().toArray(Long[]::new));
		return SqlStep
			.positional(this.db,
					SqlStep.with(claim.step(), COMPLETE_HEAD + claim.gate() + COMPLETE_TAIL,
							SqlStep.requireWritten("v", NOT_OPEN, "visit no longer open"), steps),
					values, steps)
			.then();
	}

	/**
	 * The visit {@link #complete} leaves, as a later read returns it: its answer, known
	 * before the statement runs.
	 */
	static VisitRow asCompleted(VisitRow visit, CheckedOut out) {
		CheckOutCommand checkOut = out.command();
		return new VisitRow(visit.id(), visit.userId(), visit.org(), visit.townId(), VisitStatus.COMPLETED,
				visit.occurredAt(), visit.receivedAt(), visit.effectiveAt(), visit.month(), visit.dayEnd(),
				visit.inVisitWeek(), out.flags().stream().sorted().toList(), visit.checkIn(), visit.note(),
				visit.photoIds(), checkOut.location(), out.occurredAt(), out.now(), checkOut.peopleMet(),
				List.copyOf(checkOut.resolved()), checkOut.summary(), visit.voidedAt(), visit.voidReason());
	}

	/** A visit, its org's known location and the ids drawn for the needs heard. */
	record CheckOutSurroundings(VisitRow visit, @Nullable GeoPoint orgLocation, List<Long> needIds) {
	}

	/**
	 * A check-out about to be written: its instants as stored (microseconds), its flags
	 * and the needs' ids.
	 */
	record CheckedOut(long visitId, CheckOutCommand command, @Nullable Instant occurredAt, Instant now,
			Set<VisitFlag> flags, long heardBy, List<Long> needIds) {
	}

	Mono<Void> amend(long id, @Nullable String note, long orgId, long townId, List<Long> photoIds, Instant now) {
		return this.db.sql("""
				UPDATE visit SET note = :note, org_id = :org, town_id = :town, photo_ids = :photos, updated_at = :now
				 WHERE id = :id
				""")
			.bind("note", Params.nullable(note, String.class))
			.bind("org", orgId)
			.bind("town", townId)
			.bind("photos", photoIds.toArray(Long[]::new))
			.bind("now", now)
			.bind("id", id)
			.then();
	}

	/** Voids the needs heard on a voided visit with it. */
	Mono<Void> voidNeeds(long visitId, long by, String reason, Instant at) {
		return this.db.sql("""
				UPDATE need SET voided_at = :at, voided_by = :by, void_reason = :reason
				 WHERE visit_id = :visit AND voided_at IS NULL
				""").bind("at", at).bind("by", by).bind("reason", reason).bind("visit", visitId).then();
	}

	Mono<Void> insertChange(long visitId, long changedBy, Instant at, @Nullable String reason, String beforeJson,
			String afterJson) {
		return this.db.sql("""
				INSERT INTO visit_change (visit_id, changed_by, changed_at, reason, before, after)
				VALUES (:visit, :by, :at, :reason, CAST(:before AS jsonb), CAST(:after AS jsonb))
				""")
			.bind("visit", visitId)
			.bind("by", changedBy)
			.bind("at", at)
			.bind("reason", Params.nullable(reason, String.class))
			.bind("before", beforeJson)
			.bind("after", afterJson)
			.then();
	}

	Flux<ChangeRow> changes(long visitId) {
		return this.db.sql("""
				SELECT id, changed_by, changed_at, reason, before::text AS before, after::text AS after
				  FROM visit_change WHERE visit_id = :visit ORDER BY id
				""")
			.bind("visit", visitId)
			.map(row -> new ChangeRow(Params.required(row.get("id", Long.class)),
					Params.required(row.get("changed_by", Long.class)),
					Params.required(row.get("changed_at", Instant.class)), row.get("reason", String.class),
					Params.required(row.get("before", String.class)), Params.required(row.get("after", String.class))))
			.all();
	}

	/**
	 * One page of visits, newest first, that the caller may read: their own, and those at
	 * orgs under one of {@code overseenPrefixes}; voided ones only under
	 * {@code administeredPrefixes}.
	 */
	Flux<VisitRow> list(long callerId, List<String> overseenPrefixes, List<String> administeredPrefixes,
			VisitFilter filter, Instant now, int limit) {
		StringBuilder sql = new StringBuilder(SELECT)
			.append(" WHERE (v.user_id = :me OR o.path LIKE ANY(CAST(:overseen AS text[])))")
			.append(" AND (v.voided_at IS NULL OR o.path LIKE ANY(CAST(:administered AS text[])))");
		Map<String, Object> binds = new LinkedHashMap<>();
		binds.put("me", callerId);
		binds.put("overseen", overseenPrefixes.toArray(String[]::new));
		binds.put("administered", administeredPrefixes.toArray(String[]::new));
		if (filter.month() != null) {
			sql.append(" AND v.month = :month");
			binds.put("month", filter.month().atDay(1));
		}
		if (filter.orgPrefix() != null) {
			sql.append(" AND o.path LIKE :orgPrefix");
			binds.put("orgPrefix", filter.orgPrefix());
		}
		if (filter.userId() != null) {
			sql.append(" AND v.user_id = :user");
			binds.put("user", filter.userId());
		}
		if (filter.status() != null) {
			sql.append(switch (filter.status()) {
				case IN_PROGRESS -> " AND v.status = 'IN_PROGRESS' AND v.day_end > :now";
				case AUTO_CLOSED ->
					" AND (v.status = 'AUTO_CLOSED' OR (v.status = 'IN_PROGRESS' AND v.day_end <= :now))";
				case COMPLETED -> " AND v.status = 'COMPLETED'";
			});
			if (filter.status() != VisitStatus.COMPLETED) {
				binds.put("now", now);
			}
		}
		if (filter.after() != null) {
			sql.append(" AND (v.effective_at, v.id) < (:cursorAt, :cursorId)");
			binds.put("cursorAt", filter.after().at());
			binds.put("cursorId", filter.after().id());
		}
		sql.append(" ORDER BY v.effective_at DESC, v.id DESC LIMIT :limit");
		binds.put("limit", limit);
		GenericExecuteSpec spec = this.db.sql(sql.toString());
		for (Map.Entry<String, Object> bind : binds.entrySet()) {
			spec = spec.bind(bind.getKey(), bind.getValue());
		}
		return spec.map(VisitRepository::toVisit).all();
	}

	/** Completed visits in visit week of {@code month}, per user. */
	Mono<Map<Long, Long>> completedInVisitWeek(Collection<Long> userIds, YearMonth month) {
		if (userIds.isEmpty()) {
			return Mono.just(Map.of());
		}
		return this.db.sql("""
				SELECT user_id, count(*) AS visits FROM visit
				 WHERE user_id = ANY(:users) AND month = :month AND status = 'COMPLETED' AND in_visit_week
				   AND voided_at IS NULL
				 GROUP BY user_id
				""")
			.bind("users", userIds.toArray(Long[]::new))
			.bind("month", month.atDay(1))
			.map(row -> Map.entry(Params.required(row.get("user_id", Long.class)),
					Params.required(row.get("visits", Long.class))))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue);
	}

	/**
	 * Closes up to {@code batch} open visits whose day has ended; answers the town-month
	 * of each. Safe with several instances: rows another sweeper holds are skipped.
	 */
	Flux<TownMonth> closeOverdue(Instant now, int batch) {
		return this.db.sql("""
				UPDATE visit SET status = 'AUTO_CLOSED', auto_closed_at = :now, updated_at = :now
				 WHERE id IN (SELECT id FROM visit WHERE status = 'IN_PROGRESS' AND day_end <= :now
				               ORDER BY day_end LIMIT :batch FOR UPDATE SKIP LOCKED)
				RETURNING town_id, month
				""")
			.bind("now", now)
			.bind("batch", batch)
			.map(row -> new TownMonth(Params.required(row.get("town_id", Long.class)),
					YearMonth.from(Params.required(row.get("month", LocalDate.class)))))
			.all();
	}

	private static String[] names(Set<VisitFlag> flags) {
		return flags.stream().sorted().map(Enum::name).toArray(String[]::new);
	}

	static VisitRow toVisit(Readable row) {
		Org org = new Org(Params.required(row.get("org_id", Long.class)),
				Params.required(row.get("org_code", String.class)), Params.required(row.get("org_name", String.class)),
				OrgLevel.valueOf(Params.required(row.get("org_level", String.class))),
				row.get("org_parent_id", Long.class), Params.required(row.get("org_path", String.class)));
		String[] flags = Params.required(row.get("flags", String[].class));
		Long[] photos = Params.required(row.get("photo_ids", Long[].class));
		String[] resolved = Params.required(row.get("resolved", String[].class));
		GeoPoint checkOut = (row.get("check_out_lat", Double.class) != null) ? GeoPoint.read(row, "check_out_") : null;
		return new VisitRow(Params.required(row.get("id", Long.class)), Params.required(row.get("user_id", Long.class)),
				org, Params.required(row.get("town_id", Long.class)),
				VisitStatus.valueOf(Params.required(row.get("status", String.class))),
				row.get("occurred_at", Instant.class), Params.required(row.get("received_at", Instant.class)),
				Params.required(row.get("effective_at", Instant.class)),
				Params.required(row.get("month", LocalDate.class)), Params.required(row.get("day_end", Instant.class)),
				Params.required(row.get("in_visit_week", Boolean.class)),
				Arrays.stream(flags).map(VisitFlag::valueOf).toList(),
				Objects.requireNonNull(GeoPoint.read(row, "check_in_")), row.get("note", String.class), List.of(photos),
				checkOut, row.get("check_out_occurred_at", Instant.class), row.get("checked_out_at", Instant.class),
				row.get("people_met", Integer.class), List.of(resolved), row.get("summary", String.class),
				row.get("voided_at", Instant.class), row.get("void_reason", String.class));
	}

	/**
	 * The user's previous check-in and the target's location, when known; the new visit's
	 * id.
	 */
	record Surroundings(PlausibilityRule.@Nullable Fix previous, @Nullable GeoPoint orgLocation, long nextId) {
	}

	/** A visit about to be written. */
	record NewVisit(long userId, long orgId, long townId, @Nullable Instant occurredAt, Instant receivedAt,
			Instant effectiveAt, LocalDate month, Instant dayEnd, boolean inVisitWeek, Set<VisitFlag> flags,
			GeoPoint checkIn, @Nullable String note, List<Long> photoIds) {
	}

	/** What narrows a visit list. */
	record VisitFilter(@Nullable YearMonth month, @Nullable String orgPrefix, @Nullable Long userId,
			@Nullable VisitStatus status, @Nullable InstantCursor after) {
	}

	/** One audited correction as stored. */
	record ChangeRow(long id, long changedBy, Instant changedAt, @Nullable String reason, String before, String after) {
	}

	/** A town's month whose counts a change touched. */
	record TownMonth(long townId, YearMonth month) {
	}

}
