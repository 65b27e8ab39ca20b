package cn.luohe.grassroots.dashboard.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

import cn.luohe.grassroots.common.db.Params;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * The maintained counts: recomputation of one town-month from the raw records (the only
 * place that reads them), and reads of the maintained rows.
 */
@Repository
class CountRepository {

	/**
	 * One statement, one snapshot: every figure of a town-month counted from the raw
	 * tables.
	 */
	static final String RECOUNT = """
			SELECT
			  (SELECT count(*) FROM visit v WHERE v.town_id = :town AND v.month = :month) AS visits,
			  (SELECT count(*) FROM visit v WHERE v.town_id = :town AND v.month = :month
			      AND v.status = 'COMPLETED') AS visits_completed,
			  (SELECT count(*) FROM visit v WHERE v.town_id = :town AND v.month = :month
			      AND v.status = 'COMPLETED' AND v.in_visit_week) AS visits_completed_in_week,
			  (SELECT count(DISTINCT v.user_id) FROM visit v WHERE v.town_id = :town AND v.month = :month)
			      AS visiting_cadres,
			  (SELECT count(*) FROM youth_home_activity a WHERE a.town_id = :town AND a.month = :month) AS activities,
			  (SELECT coalesce(sum(a.participants), 0) FROM youth_home_activity a
			      WHERE a.town_id = :town AND a.month = :month) AS activity_participants,
			  (SELECT count(*) FROM activity_sign_in s JOIN youth_home_activity a ON a.id = s.activity_id
			      WHERE a.town_id = :town AND a.month = :month) AS verified_participants,
			  (SELECT count(*) FROM youth_home h WHERE h.town_id = :town AND h.status = 'ACTIVE') AS youth_homes,
			  (SELECT count(*) FROM youth_home h WHERE h.town_id = :town AND h.status = 'ACTIVE'
			      AND (SELECT count(*) FROM youth_home_activity a
			            WHERE a.youth_home_id = h.id AND a.month = :month) >= 2) AS youth_homes_meeting_target,
			  (SELECT count(*) FROM themed_event e WHERE e.town_id = :town AND e.month = :month) AS themed_events,
			  (SELECT count(DISTINCT b.org_id) FROM role_binding b JOIN org_unit o ON o.id = b.org_id
			      WHERE o.parent_id = :town AND b.role = 'FIRST_SECRETARY' AND b.revoked_at IS NULL)
			      AS villages_with_first_secretary,
			  (SELECT count(DISTINCT b.org_id) FROM role_binding b JOIN org_unit o ON o.id = b.org_id
			      WHERE o.parent_id = :town AND b.role = 'FIRST_SECRETARY' AND b.revoked_at IS NULL
			        AND EXISTS (SELECT 1 FROM themed_event e WHERE e.village_id = b.org_id AND e.month = :month))
			      AS villages_meeting_target,
			  (SELECT count(*) FROM need n WHERE n.town_id = :town AND n.month = :month) AS needs_opened,
			  (SELECT count(*) FROM need n WHERE n.town_id = :town AND n.month = :month
			      AND n.status = 'RESOLVED') AS needs_resolved
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

	private static final String DUTY = """
			INSERT INTO user_month_duty (month, user_id, completed, visits)
			SELECT :month, v.user_id,
			       bool_or(v.status = 'COMPLETED' AND v.in_visit_week),
			       count(*) FILTER (WHERE v.status = 'COMPLETED' AND v.in_visit_week)
			  FROM visit v
			 WHERE v.month = :month
			   AND v.user_id IN (SELECT DISTINCT user_id FROM visit WHERE town_id = :town AND month = :month)
			 GROUP BY v.user_id
			ON CONFLICT (month, user_id) DO UPDATE SET completed = EXCLUDED.completed, visits = EXCLUDED.visits
			""";

	/** A batch of dirty marks, taken by one aggregator at a time across all replicas. */
	private static final String TAKE_DIRTY = """
			UPDATE count_dirty SET consumed_at = now() WHERE id IN (
			    SELECT id FROM count_dirty WHERE consumed_at IS NULL ORDER BY id LIMIT :limit
			       FOR UPDATE SKIP LOCKED)
			RETURNING town_id, month
			""";

	private final DatabaseClient db;

	CountRepository(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Whether this transaction may aggregate (one aggregator across replicas at a time).
	 */
	Mono<Boolean> tryAggregatorLock() {
		return this.db.sql("SELECT pg_try_advisory_xact_lock(7301001) AS locked")
			.map(row -> Boolean.TRUE.equals(row.get("locked", Boolean.class)))
			.one();
	}

	Flux<TownMonth> takeDirty(int limit) {
		return this.db.sql(TAKE_DIRTY)
			.bind("limit", limit)
			.map(row -> new TownMonth(Params.required(row.get("town_id", Long.class)),
					YearMonth.from(Params.required(row.get("month", LocalDate.class)))))
			.all();
	}

	Mono<Void> recompute(TownMonth townMonth, Instant now) {
		return this.db.sql(UPSERT)
			.bind("month", townMonth.month().atDay(1))
			.bind("town", townMonth.townId())
			.bind("now", now)
			.then()
			.then(this.db.sql(DUTY).bind("month", townMonth.month().atDay(1)).bind("town", townMonth.townId()).then());
	}

	/**
	 * Marks every town without a row for the month dirty (a month's first rows, at
	 * rollover).
	 */
	Mono<Long> markMissingTowns(YearMonth month) {
		return this.db.sql("""
				INSERT INTO count_dirty (town_id, month)
				SELECT o.id, :month FROM org_unit o
				 WHERE o.level = 'TOWN'
				   AND NOT EXISTS (SELECT 1 FROM town_month_counts c WHERE c.town_id = o.id AND c.month = :month)
				   AND NOT EXISTS (SELECT 1 FROM count_dirty d
				                    WHERE d.town_id = o.id AND d.month = :month AND d.consumed_at IS NULL)
				""").bind("month", month.atDay(1)).fetch().rowsUpdated();
	}

	/** Consumed marks older than an hour are only history. */
	Mono<Long> purgeConsumed() {
		return this.db.sql("DELETE FROM count_dirty WHERE consumed_at < now() - interval '1 hour'")
			.fetch()
			.rowsUpdated();
	}

	Mono<Void> markTown(long townId, YearMonth month) {
		return this.db.sql("INSERT INTO count_dirty (town_id, month) VALUES (:town, :month)")
			.bind("town", townId)
			.bind("month", month.atDay(1))
			.then();
	}

	Mono<Long> pendingDirty() {
		return this.db.sql("SELECT count(*) AS n FROM count_dirty WHERE consumed_at IS NULL")
			.map(row -> row.get("n", Long.class))
			.one();
	}

	/**
	 * Maintained rows of the towns under {@code countyPath} (every town, zero where no
	 * row).
	 */
	Flux<TownCounts> towns(String scopePath, YearMonth month) {
		return this.db.sql("""
				SELECT o.id AS town_id, o.name, o.code, o.path, c.*
				  FROM org_unit o
				  LEFT JOIN town_month_counts c ON c.town_id = o.id AND c.month = :month
				 WHERE o.level = 'TOWN' AND o.path LIKE :prefix
				 ORDER BY o.code
				""")
			.bind("month", month.atDay(1))
			.bind("prefix", Params.likePrefix(scopePath))
			.map(CountRepository::toTownCounts)
			.all();
	}

	/** The raw recount of one town-month, without writing (reconciliation). */
	Mono<Counts> recount(long townId, YearMonth month) {
		return this.db.sql(RECOUNT)
			.bind("month", month.atDay(1))
			.bind("town", townId)
			.map(CountRepository::toCounts)
			.one();
	}

	/**
	 * Visiting cadres bound at an org (its leading organ) and how many fulfilled the
	 * month's duty.
	 */
	Mono<long[]> cadreCompliance(long orgId, YearMonth month) {
		return this.db.sql("""
				SELECT count(*) AS cadres, count(*) FILTER (WHERE d.completed) AS completed
				  FROM (SELECT DISTINCT user_id FROM role_binding
				         WHERE org_id = :org AND revoked_at IS NULL
				           AND role IN ('COUNTY_SECRETARY', 'CADRE', 'CITY_LEADER')) b
				  LEFT JOIN user_month_duty d ON d.user_id = b.user_id AND d.month = :month
				""")
			.bind("org", orgId)
			.bind("month", month.atDay(1))
			.map(row -> new long[] { Params.required(row.get("cadres", Long.class)),
					Params.required(row.get("completed", Long.class)) })
			.one();
	}

	static TownCounts toTownCounts(Readable row) {
		return new TownCounts(Params.required(row.get("town_id", Long.class)),
				Params.required(row.get("name", String.class)), Params.required(row.get("path", String.class)),
				(row.get("computed_at", Instant.class) != null) ? toCounts(row) : Counts.ZERO);
	}

	static Counts toCounts(Readable row) {
		return new Counts(n(row, "visits"), n(row, "visits_completed"), n(row, "visits_completed_in_week"),
				n(row, "visiting_cadres"), n(row, "activities"), n(row, "activity_participants"),
				n(row, "verified_participants"), n(row, "youth_homes"), n(row, "youth_homes_meeting_target"),
				n(row, "themed_events"), n(row, "villages_with_first_secretary"), n(row, "villages_meeting_target"),
				n(row, "needs_opened"), n(row, "needs_resolved"));
	}

	private static long n(Readable row, String column) {
		Number value = row.get(column, Number.class);
		return (value != null) ? value.longValue() : 0;
	}

	record TownMonth(long townId, YearMonth month) {
	}

	record TownCounts(long townId, String name, String path, Counts counts) {
	}

	/** Every figure of a town-month (or a sum of them). */
	record Counts(long visits, long visitsCompleted, long visitsCompletedInWeek, long visitingCadres, long activities,
			long activityParticipants, long verifiedParticipants, long youthHomes, long youthHomesMeetingTarget,
			long themedEvents, long villagesWithFirstSecretary, long villagesMeetingTarget, long needsOpened,
			long needsResolved) {

		static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

		Counts plus(Counts o) {
			return new Counts(this.visits + o.visits, this.visitsCompleted + o.visitsCompleted,
					this.visitsCompletedInWeek + o.visitsCompletedInWeek, this.visitingCadres + o.visitingCadres,
					this.activities + o.activities, this.activityParticipants + o.activityParticipants,
					this.verifiedParticipants + o.verifiedParticipants, this.youthHomes + o.youthHomes,
					this.youthHomesMeetingTarget + o.youthHomesMeetingTarget, this.themedEvents + o.themedEvents,
					this.villagesWithFirstSecretary + o.villagesWithFirstSecretary,
					this.villagesMeetingTarget + o.villagesMeetingTarget, this.needsOpened + o.needsOpened,
					this.needsResolved + o.needsResolved);
		}

		static Counts sum(List<Counts> all) {
			Counts total = ZERO;
			for (Counts c : all) {
				total = total.plus(c);
			}
			return total;
		}

	}

}
