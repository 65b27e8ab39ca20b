package cn.luohe.grassroots.dashboard.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Collection;
import java.util.List;

import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.dashboard.internal.CountMarks.TownMonth;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * Recomputation of the maintained counts from the raw records (the only place that reads
 * them for counting): a town-month's figures and its visitors' monthly duty. Voided
 * records count nowhere.
 */
@Repository
class Recounts {

	/**
	 * One statement, one snapshot: every figure of a town-month counted from the raw
	 * tables. Each record table is scanned once for all its figures (FILTER), through
	 * covering indexes of the town-month (V71), so a recount reads index pages only.
	 */
	static final String RECOUNT = """
			SELECT v.visits, v.visits_completed, v.visits_completed_in_week, v.visiting_cadres,
			       a.activities, a.activity_participants,
			       (SELECT count(*) FROM activity_sign_in s JOIN youth_home_activity x ON x.id = s.activity_id
			         WHERE x.town_id = :town AND x.month = :month AND x.voided_at IS NULL) AS verified_participants,
			       h.youth_homes, h.youth_homes_meeting_target,
			       (SELECT count(*) FROM themed_event e
			         WHERE e.town_id = :town AND e.month = :month AND e.voided_at IS NULL) AS themed_events,
			       f.villages_with_first_secretary, f.villages_meeting_target,
			       n.needs_opened, n.needs_resolved
			  FROM (SELECT count(*) AS visits,
			               count(*) FILTER (WHERE status = 'COMPLETED') AS visits_completed,
			               count(*) FILTER (WHERE status = 'COMPLETED' AND in_visit_week) AS visits_completed_in_week,
			               count(DISTINCT user_id) AS visiting_cadres
			          FROM visit WHERE town_id = :town AND month = :month AND voided_at IS NULL) v,
			       (SELECT count(*) AS activities, coalesce(sum(participants), 0) AS activity_participants
			          FROM youth_home_activity WHERE town_id = :town AND month = :month AND voided_at IS NULL) a,
			       (SELECT count(*) AS youth_homes,
			               count(*) FILTER (WHERE (SELECT count(*) FROM youth_home_activity x
			                                        WHERE x.youth_home_id = yh.id AND x.month = :month
			                                          AND x.voided_at IS NULL) >= 2)
			                 AS youth_homes_meeting_target
			          FROM youth_home yh WHERE yh.town_id = :town AND yh.status = 'ACTIVE') h,
			       (SELECT count(*) AS villages_with_first_secretary,
			               count(*) FILTER (WHERE EXISTS (SELECT 1 FROM themed_event e
			                                               WHERE e.village_id = fs.org_id AND e.month = :month
			                                                 AND e.voided_at IS NULL))
			                 AS villages_meeting_target
			          FROM (SELECT DISTINCT b.org_id FROM role_binding b JOIN org_unit o ON o.id = b.org_id
			                 WHERE o.parent_id = :town AND b.role = 'FIRST_SECRETARY' AND b.revoked_at IS NULL) fs) f,
			       (SELECT count(*) AS needs_opened, count(*) FILTER (WHERE status = 'RESOLVED') AS needs_resolved
			          FROM need WHERE town_id = :town AND month = :month AND voided_at IS NULL) n
			""";

	private static final String UPSERT = """
			INSERT INTO town_month_counts (month, town_id, visits, visits_completed, visits_completed_in_week,
			    visiting_cadres, activities, activity_participants, verified_participants, youth_homes,
			    youth_homes_meeting_target, themed_events, villages_with_first_secretary, villages_meeting_target,
			    needs_opened, needs_resolved, computed_at)
			SELECT :month, :town, r.* , :now FROM (%s) r
			ON CONFLICT (month, town_id) DO UPDATE SET
			    visits = EXCLUDED.visits, visits_completed = EXCLUDED.visits_completed,
			    visits_completed_in_week = EXCLUDED.visits_completed_in_week,
			    visiting_cadres = EXCLUDED.visiting_cadres, activities = EXCLUDED.activities,
			    activity_participants = EXCLUDED.activity_participants,
			    verified_participants = EXCLUDED.verified_participants, youth_homes = EXCLUDED.youth_homes,
			    youth_homes_meeting_target = EXCLUDED.youth_homes_meeting_target,
			    themed_events = EXCLUDED.themed_events,
			    villages_with_first_secretary = EXCLUDED.villages_with_first_secretary,
			    villages_meeting_target = EXCLUDED.villages_meeting_target,
			    needs_opened = EXCLUDED.needs_opened, needs_resolved = EXCLUDED.needs_resolved,
			    computed_at = EXCLUDED.computed_at
			""".formatted(RECOUNT);

	/**
	 * The monthly duty of each visitor the inner query names, each from their own month
	 * of visits (an index range of {@code visit_user_idx} per visitor, not a scan of the
	 * whole month's visits); a visitor left with no completed visit in visit week gets a
	 * row saying so. {@code v.month + 0} keeps {@code visit_month_idx} out of the plan:
	 * with generic plans the planner took it (the whole month's visits filtered per
	 * visitor: 0.8 ms per visitor on the bench's data, 4.65 ms of PostgreSQL per check-in
	 * in its keep-alive stage); the range on {@code effective_at} already bounds the
	 * month.
	 */
	private static final String DUTY_OF = """
			INSERT INTO user_month_duty (month, user_id, completed, visits)
			SELECT :month, u.user_id, coalesce(d.completed, false), d.visits
			  FROM (%s) AS u(user_id)
			 CROSS JOIN LATERAL (
			       SELECT bool_or(v.status = 'COMPLETED' AND v.in_visit_week) AS completed,
			              count(*) FILTER (WHERE v.status = 'COMPLETED' AND v.in_visit_week) AS visits
			         FROM visit v
			        WHERE v.user_id = u.user_id AND v.effective_at >= :from AND v.effective_at < :to
			          AND v.month + 0 = :month AND v.voided_at IS NULL) d
			ON CONFLICT (month, user_id) DO UPDATE SET completed = EXCLUDED.completed, visits = EXCLUDED.visits
			""";

	/** The duty of every visitor of the town-month. */
	private static final String DUTY = DUTY_OF
		.formatted("SELECT DISTINCT user_id FROM visit WHERE town_id = :town AND month = :month AND voided_at IS NULL");

	/** The duty of the named visitors. */
	private static final String VISITORS_DUTY = DUTY_OF.formatted("SELECT unnest(CAST(:visitors AS bigint[]))");

	/**
	 * Cadres and completed duties of the organ-months the inner query names (columns
	 * {@code org_id, month}), from the current bindings and {@code user_month_duty}. The
	 * bindings are read per named organ (an index range of
	 * {@code role_binding_org_cover_idx}); a join with every organ's bindings hashed them
	 * all on each batch (EXPLAIN ANALYZE, bench data, the organs of 28 visitors: 13.0 ->
	 * 7.9 ms).
	 */
	static final String ORGAN_COMPLIANCE = """
			SELECT m.org_id, m.month, count(b.user_id) AS cadres,
			       count(b.user_id) FILTER (WHERE d.completed) AS completed
			  FROM (%s) AS m(org_id, month)
			  LEFT JOIN LATERAL (SELECT DISTINCT user_id FROM role_binding
			                      WHERE org_id = m.org_id AND revoked_at IS NULL
			                        AND role IN ('COUNTY_SECRETARY', 'CADRE', 'CITY_LEADER')) b ON true
			  LEFT JOIN user_month_duty d ON d.user_id = b.user_id AND d.month = m.month
			 GROUP BY m.org_id, m.month
			""";

	private static final String ORGAN_UPSERT = """
			INSERT INTO organ_month_cadres (org_id, month, cadres, completed, computed_at)
			SELECT c.org_id, c.month, c.cadres, c.completed, :now FROM (%s) c
			ON CONFLICT (org_id, month) DO UPDATE SET cadres = EXCLUDED.cadres, completed = EXCLUDED.completed,
			    computed_at = EXCLUDED.computed_at
			""";

	/** The month's rows of the organs where these visitors are cadres. */
	private static final String VISITORS_ORGANS = ORGAN_UPSERT.formatted(ORGAN_COMPLIANCE.formatted("""
			SELECT DISTINCT org_id, CAST(:month AS date) FROM role_binding
			 WHERE user_id = ANY(CAST(:visitors AS bigint[])) AND revoked_at IS NULL
			   AND role IN ('COUNTY_SECRETARY', 'CADRE', 'CITY_LEADER')
			"""));

	/** The month's rows of every leading organ. */
	private static final String ALL_ORGANS = ORGAN_UPSERT.formatted(ORGAN_COMPLIANCE
		.formatted("SELECT id, CAST(:month AS date) FROM org_unit WHERE level IN ('CITY', 'COUNTY')"));

	/** The rows of the leading organs that have none, for each of the months. */
	private static final String MISSING_ORGANS = ORGAN_UPSERT.formatted(ORGAN_COMPLIANCE.formatted("""
			SELECT o.id, m.month FROM org_unit o CROSS JOIN unnest(CAST(:months AS date[])) AS m(month)
			 WHERE o.level IN ('CITY', 'COUNTY')
			   AND NOT EXISTS (SELECT 1 FROM organ_month_cadres c WHERE c.org_id = o.id AND c.month = m.month)
			"""));

	/**
	 * Every leading organ's area row (issue 19) for each of the months: the sums of the
	 * towns under it and the compliance of the organs under it (itself, and for the city
	 * every county too), from the maintained rows only.
	 */
	private static final String AREAS = """
			WITH areas AS MATERIALIZED (SELECT id, path FROM org_unit WHERE level IN ('CITY', 'COUNTY')),
			     towns AS MATERIALIZED (SELECT id, path FROM org_unit WHERE level = 'TOWN')
			INSERT INTO area_month_counts (org_id, month, towns, towns_covered, visits, visits_completed,
			    visits_completed_in_week, visiting_cadres, activities, activity_participants, verified_participants,
			    youth_homes, youth_homes_meeting_target, themed_events, villages_with_first_secretary,
			    villages_meeting_target, needs_opened, needs_resolved, cadres, cadres_completed, computed_at)
			SELECT a.id, m.month, t.towns, t.towns_covered, t.visits, t.visits_completed,
			       t.visits_completed_in_week, t.visiting_cadres, t.activities, t.activity_participants,
			       t.verified_participants, t.youth_homes, t.youth_homes_meeting_target, t.themed_events,
			       t.villages_with_first_secretary, t.villages_meeting_target, t.needs_opened, t.needs_resolved,
			       o.cadres, o.completed, :now
			  FROM areas a
			 CROSS JOIN unnest(CAST(:months AS date[])) AS m(month)
			 CROSS JOIN LATERAL (
			       SELECT count(*) AS towns,
			              count(*) FILTER (WHERE c.visits_completed_in_week > 0) AS towns_covered,
			              coalesce(sum(c.visits), 0) AS visits,
			              coalesce(sum(c.visits_completed), 0) AS visits_completed,
			              coalesce(sum(c.visits_completed_in_week), 0) AS visits_completed_in_week,
			              coalesce(sum(c.visiting_cadres), 0) AS visiting_cadres,
			              coalesce(sum(c.activities), 0) AS activities,
			              coalesce(sum(c.activity_participants), 0) AS activity_participants,
			              coalesce(sum(c.verified_participants), 0) AS verified_participants,
			              coalesce(sum(c.youth_homes), 0) AS youth_homes,
			              coalesce(sum(c.youth_homes_meeting_target), 0) AS youth_homes_meeting_target,
			              coalesce(sum(c.themed_events), 0) AS themed_events,
			              coalesce(sum(c.villages_with_first_secretary), 0) AS villages_with_first_secretary,
			              coalesce(sum(c.villages_meeting_target), 0) AS villages_meeting_target,
			              coalesce(sum(c.needs_opened), 0) AS needs_opened,
			              coalesce(sum(c.needs_resolved), 0) AS needs_resolved
			         FROM towns w LEFT JOIN town_month_counts c ON c.town_id = w.id AND c.month = m.month
			        WHERE w.path LIKE a.path || '%') t
			 CROSS JOIN LATERAL (
			       SELECT coalesce(sum(r.cadres), 0) AS cadres, coalesce(sum(r.completed), 0) AS completed
			         FROM areas g JOIN organ_month_cadres r ON r.org_id = g.id AND r.month = m.month
			        WHERE g.path LIKE a.path || '%') o
			ON CONFLICT (month, org_id) DO UPDATE SET
			    towns = EXCLUDED.towns, towns_covered = EXCLUDED.towns_covered, visits = EXCLUDED.visits,
			    visits_completed = EXCLUDED.visits_completed,
			    visits_completed_in_week = EXCLUDED.visits_completed_in_week,
			    visiting_cadres = EXCLUDED.visiting_cadres, activities = EXCLUDED.activities,
			    activity_participants = EXCLUDED.activity_participants,
			    verified_participants = EXCLUDED.verified_participants, youth_homes = EXCLUDED.youth_homes,
			    youth_homes_meeting_target = EXCLUDED.youth_homes_meeting_target,
			    themed_events = EXCLUDED.themed_events,
			    villages_with_first_secretary = EXCLUDED.villages_with_first_secretary,
			    villages_meeting_target = EXCLUDED.villages_meeting_target,
			    needs_opened = EXCLUDED.needs_opened, needs_resolved = EXCLUDED.needs_resolved,
			    cadres = EXCLUDED.cadres, cadres_completed = EXCLUDED.cadres_completed,
			    computed_at = EXCLUDED.computed_at
			""";

	/** Every month held for these organs (their bindings changed). */
	private static final String ORGAN_MONTHS = ORGAN_UPSERT.formatted(ORGAN_COMPLIANCE
		.formatted("SELECT org_id, month FROM organ_month_cadres WHERE org_id = ANY(CAST(:organs AS bigint[]))"));

	private final DatabaseClient db;

	Recounts(DatabaseClient db) {
		this.db = db;
	}

	/** The town-month's figures from its raw records. */
	Mono<Void> recount(TownMonth townMonth, Instant now) {
		return this.db.sql(UPSERT)
			.bind("month", townMonth.month().atDay(1))
			.bind("town", townMonth.townId())
			.bind("now", now)
			.then();
	}

	/** The monthly duty of every visitor of the town-month. */
	Mono<Void> recountDuty(TownMonth townMonth) {
		return effectiveRange(this.db.sql(DUTY), townMonth.month()).bind("town", townMonth.townId()).then();
	}

	/** The monthly duty of these visitors. */
	Mono<Void> recountDuty(YearMonth month, List<Long> visitors) {
		return effectiveRange(this.db.sql(VISITORS_DUTY), month).bind("visitors", visitors.toArray(Long[]::new)).then();
	}

	/** The month's rows of the organs where these visitors are cadres. */
	Mono<Void> recountOrgans(YearMonth month, List<Long> visitors, Instant now) {
		return this.db.sql(VISITORS_ORGANS)
			.bind("month", month.atDay(1))
			.bind("visitors", visitors.toArray(Long[]::new))
			.bind("now", now)
			.then();
	}

	/** The month's rows of every leading organ. */
	Mono<Void> recountOrgans(YearMonth month, Instant now) {
		return this.db.sql(ALL_ORGANS).bind("month", month.atDay(1)).bind("now", now).then();
	}

	/**
	 * Every leading organ's area row for each of the months, after the rows of the organs
	 * that have none for them (a month's first rows): the area rows sum organ rows.
	 */
	Mono<Void> recountAreas(Collection<YearMonth> months, Instant now) {
		if (months.isEmpty()) {
			return Mono.empty();
		}
		LocalDate[] days = months.stream().distinct().map(month -> month.atDay(1)).toArray(LocalDate[]::new);
		return this.db.sql(MISSING_ORGANS)
			.bind("months", days)
			.bind("now", now)
			.then()
			.then(this.db.sql(AREAS).bind("months", days).bind("now", now).then());
	}

	/** The months that have area rows (all of them change with the org tree). */
	Flux<YearMonth> areaMonths() {
		return this.db.sql("SELECT DISTINCT month FROM area_month_counts")
			.map(row -> YearMonth.from(Params.required(row.get("month", LocalDate.class))))
			.all();
	}

	/** Every month held for these organs. */
	Mono<Void> recountOrganMonths(List<Long> organs, Instant now) {
		return this.db.sql(ORGAN_MONTHS).bind("organs", organs.toArray(Long[]::new)).bind("now", now).then();
	}

	private static DatabaseClient.GenericExecuteSpec effectiveRange(DatabaseClient.GenericExecuteSpec spec,
			YearMonth month) {
		// a visit's month is the month of its effective time in Shanghai: a margin of a
		// day either side keeps the range a superset whatever the zone
		return spec.bind("month", month.atDay(1))
			.bind("from", BusinessClock.startOfDay(month.atDay(1).minusDays(1)))
			.bind("to", BusinessClock.startOfDay(month.plusMonths(1).atDay(2)));
	}

	/** The raw recount of one town-month, without writing (reconciliation). */
	Mono<Counts> recount(long townId, YearMonth month) {
		return this.db.sql(RECOUNT).bind("month", month.atDay(1)).bind("town", townId).map(CountReads::toCounts).one();
	}

}
