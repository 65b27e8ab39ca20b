package cn.luohe.grassroots.dashboard.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Objects;

import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgLevel;
import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/** Reads of the maintained counts: towns' rows and the leading organs' duty. */
@Repository
class CountReads {

	private final DatabaseClient db;

	CountReads(DatabaseClient db) {
		this.db = db;
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
			.map(CountReads::toTownCounts)
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

	/**
	 * Visiting cadres bound at an org (its leading organ) and how many fulfilled the
	 * month's duty.
	 */
	Mono<CadreCompliance> cadreCompliance(long orgId, YearMonth month) {
		// the maintained row; a month no write has touched yet is counted live
		return this.db.sql("""
				SELECT cadres, completed FROM organ_month_cadres WHERE org_id = :org AND month = :month
				UNION ALL
				SELECT c.cadres, c.completed FROM (%s) c
				 WHERE NOT EXISTS (SELECT 1 FROM organ_month_cadres WHERE org_id = :org AND month = :month)
				""".formatted(Recounts.ORGAN_COMPLIANCE.formatted("SELECT CAST(:org AS bigint), CAST(:month AS date)")))
			.bind("org", orgId)
			.bind("month", month.atDay(1))
			.map(row -> new CadreCompliance(Params.required(row.get("cadres", Long.class)),
					Params.required(row.get("completed", Long.class))))
			.one();
	}

	/**
	 * The leading organs' area rows (issue 19) of these two months (the same month twice
	 * for one): at most nine rows a month, one statement for a county or city view. An
	 * organ-month no write has touched has no row; the caller counts it from the town and
	 * organ rows instead.
	 */
	Flux<AreaCounts> areas(YearMonth month, YearMonth other) {
		return this.db.sql("SELECT * FROM area_month_counts WHERE month IN (:month, :other)")
			.bind("month", month.atDay(1))
			.bind("other", other.atDay(1))
			.map(row -> new AreaCounts(Params.required(row.get("org_id", Long.class)),
					YearMonth.from(Params.required(row.get("month", LocalDate.class))), n(row, "towns"),
					n(row, "towns_covered"), toCounts(row),
					new CadreCompliance(n(row, "cadres"), n(row, "cadres_completed"))))
			.all();
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

	record TownCounts(long townId, String name, String path, Counts counts) {
	}

	record CountyTowns(Org county, List<TownCounts> towns) {
	}

	/**
	 * A leading organ's month: its towns, how many were visited in visit week, their
	 * summed counts, and the cadre compliance of the organs under it.
	 */
	record AreaCounts(long orgId, YearMonth month, long towns, long townsCovered, Counts counts,
			CadreCompliance cadres) {
	}

	/**
	 * Visiting cadres bound at an org and how many of them fulfilled the month's duty.
	 */
	record CadreCompliance(long cadres, long completed) {

		static final CadreCompliance NONE = new CadreCompliance(0, 0);

		CadreCompliance plus(CadreCompliance other) {
			return new CadreCompliance(this.cadres + other.cadres, this.completed + other.completed);
		}

	}

}
