package cn.luohe.grassroots.dashboard.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Objects;

import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgLevel;
import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
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
	 * tables. Each record table is scanned once for all its figures (FILTER), through
	 * covering indexes of the town-month (V71), so a recount reads index pages only.
	 */
	static final String RECOUNT = """
			SELECT v.visits, v.visits_completed, v.visits_completed_in_week, v.visiting_cadres,
			       a.activities, a.activity_participants,
			       (SELECT count(*) FROM activity_sign_in s JOIN youth_home_activity x ON x.id = s.activity_id
			         WHERE x.town_id = :town AND x.month = :month) AS verified_participants,
			       h.youth_homes, h.youth_homes_meeting_target,
			       (SELECT count(*) FROM themed_event e WHERE e.town_id = :town AND e.month = :month) AS themed_events,
			       f.villages_with_first_secretary, f.villages_meeting_target,
			       n.needs_opened, n.needs_resolved
			  FROM (SELECT count(*) AS visits,
			               count(*) FILTER (WHERE status = 'COMPLETED') AS visits_completed,
			               count(*) FILTER (WHERE status = 'COMPLETED' AND in_visit_week) AS visits_completed_in_week,
			               count(DISTINCT user_id) AS visiting_cadres
			          FROM visit WHERE town_id = :town AND month = :month) v,
			       (SELECT count(*) AS activities, coalesce(sum(participants), 0) AS activity_participants
			          FROM youth_home_activity WHERE town_id = :town AND month = :month) a,
			       (SELECT count(*) AS youth_homes,
			               count(*) FILTER (WHERE (SELECT count(*) FROM youth_home_activity x
			                                        WHERE x.youth_home_id = yh.id AND x.month = :month) >= 2)
			                 AS youth_homes_meeting_target
			          FROM youth_home yh WHERE yh.town_id = :town AND yh.status = 'ACTIVE') h,
			       (SELECT count(*) AS villages_with_first_secretary,
			               count(*) FILTER (WHERE EXISTS (SELECT 1 FROM themed_event e
			                                               WHERE e.village_id = fs.org_id AND e.month = :month))
			                 AS villages_meeting_target
			          FROM (SELECT DISTINCT b.org_id FROM role_binding b JOIN org_unit o ON o.id = b.org_id
			                 WHERE o.parent_id = :town AND b.role = 'FIRST_SECRETARY' AND b.revoked_at IS NULL) fs) f,
			       (SELECT count(*) AS needs_opened, count(*) FILTER (WHERE status = 'RESOLVED') AS needs_resolved
			          FROM need WHERE town_id = :town AND month = :month) n
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
	 * row saying so.
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
			          AND v.month = :month) d
			ON CONFLICT (month, user_id) DO UPDATE SET completed = EXCLUDED.completed, visits = EXCLUDED.visits
			""";

	/** The duty of every visitor of the town-month. */
	private static final String DUTY = DUTY_OF
		.formatted("SELECT DISTINCT user_id FROM visit WHERE town_id = :town AND month = :month");

	/** The duty of the named visitors. */
	private static final String VISITORS_DUTY = DUTY_OF.formatted("SELECT unnest(CAST(:visitors AS bigint[]))");

	/** A batch of dirty marks, taken by one aggregator at a time across all replicas. */
	private static final String TAKE_DIRTY = """
			UPDATE count_dirty SET consumed_at = now() WHERE id IN (
			    SELECT id FROM count_dirty WHERE consumed_at IS NULL ORDER BY id LIMIT :limit
			       FOR UPDATE SKIP LOCKED)
			RETURNING town_id, month, visitor_id, every_visitor
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

	Flux<DirtyMark> takeDirty(int limit) {
		return this.db.sql(TAKE_DIRTY)
			.bind("limit", limit)
			.map(row -> new DirtyMark(
					new TownMonth(Params.required(row.get("town_id", Long.class)),
							YearMonth.from(Params.required(row.get("month", LocalDate.class)))),
					row.get("visitor_id", Long.class), Boolean.TRUE.equals(row.get("every_visitor", Boolean.class))))
			.all();
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

	private static DatabaseClient.GenericExecuteSpec effectiveRange(DatabaseClient.GenericExecuteSpec spec,
			YearMonth month) {
		// a visit's month is the month of its effective time in Shanghai: a margin of a
		// day either side keeps the range a superset whatever the zone
		return spec.bind("month", month.atDay(1))
			.bind("from", BusinessClock.startOfDay(month.atDay(1).minusDays(1)))
			.bind("to", BusinessClock.startOfDay(month.plusMonths(1).atDay(2)));
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

	/**
	 * A county and its towns' maintained rows (zero where no row), in one statement: the
	 * town view reads nothing else. Empty when there is no org of that id. Towns are the
	 * county's children (an org sits directly under the level above it,
	 * {@code OrgService.move}); an org of another level has none, and is answered as
	 * itself for the caller to refuse.
	 */
	Mono<CountyTowns> countyTowns(long countyId, YearMonth month) {
		return this.db.sql("""
				SELECT k.id AS county_id, k.code AS county_code, k.name AS county_name, k.level AS county_level,
				       k.parent_id AS county_parent_id, k.path AS county_path,
				       o.id AS town_id, o.name, o.code, o.path, c.*
				  FROM org_unit k
				  LEFT JOIN org_unit o ON o.parent_id = k.id AND o.level = 'TOWN'
				  LEFT JOIN town_month_counts c ON c.town_id = o.id AND c.month = :month
				 WHERE k.id = :county
				 ORDER BY o.code
				""")
			.bind("county", countyId)
			.bind("month", month.atDay(1))
			.map(row -> new CountyTown(new Org(Params.required(row.get("county_id", Long.class)),
					Params.required(row.get("county_code", String.class)),
					Params.required(row.get("county_name", String.class)),
					OrgLevel.valueOf(Params.required(row.get("county_level", String.class))),
					row.get("county_parent_id", Long.class), Params.required(row.get("county_path", String.class))),
					(row.get("town_id", Long.class) != null) ? toTownCounts(row) : null))
			.all()
			.collectList()
			.mapNotNull(rows -> rows.isEmpty() ? null : new CountyTowns(rows.getFirst().county(),
					rows.stream().map(CountyTown::town).filter(Objects::nonNull).toList()));
	}

	/**
	 * One row of {@link #countyTowns}: the county, and one of its towns if it has any.
	 */
	private record CountyTown(Org county, @Nullable TownCounts town) {
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

	/**
	 * A taken mark: the town-month, and whose duty to recompute (one visitor, every
	 * visitor, or none).
	 */
	record DirtyMark(TownMonth townMonth, @Nullable Long visitorId, boolean everyVisitor) {
	}

	record TownCounts(long townId, String name, String path, Counts counts) {
	}

	record CountyTowns(Org county, List<TownCounts> towns) {
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
