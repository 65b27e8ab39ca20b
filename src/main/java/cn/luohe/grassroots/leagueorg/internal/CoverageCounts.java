package cn.luohe.grassroots.leagueorg.internal;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.common.time.BusinessClock;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The maintained coverage counts. A write recomputes its county's months from the first
 * month it can change (January of its date's year, no earlier than {@link #FIRST_YEAR})
 * through the current month, from the raw records, in its own transaction and under the
 * county's advisory lock: two writers of one county recount one after the other, each
 * seeing the other's committed rows, so the maintained rows always equal a recount.
 */
@Component
class CoverageCounts {

	/** The first year the targets and counts cover (the document's). */
	static final int FIRST_YEAR = 2020;

	private static final String SCHOOLS = "('MIDDLE_SCHOOL', 'VOCATIONAL_SCHOOL', 'TECHNICAL_SCHOOL', 'UNIVERSITY')";

	/**
	 * Every figure of {@code :county} as of the last day of each month in
	 * {@code :months}.
	 */
	private static final String FIGURES = """
			WITH months AS (
			  SELECT m::date AS month, (m + interval '1 month' - interval '1 day')::date AS as_of,
			         date_trunc('year', m)::date AS year_start
			    FROM unnest(CAST(:months AS date[])) AS m)
			SELECT mo.month, u.*, ms.*, so.*, tw.*
			  FROM months mo
			 CROSS JOIN LATERAL (
			   SELECT count(*) FILTER (WHERE kind IN %1$s) AS school_units,
			          count(*) FILTER (WHERE kind IN %1$s AND covered) AS school_covered,
			          count(*) FILTER (WHERE kind = 'PRIVATE_ENTERPRISE' AND party_organized AND eligible)
			            AS party_private_units,
			          count(*) FILTER (WHERE kind = 'PRIVATE_ENTERPRISE' AND party_organized AND eligible AND covered)
			            AS party_private_covered,
			          count(*) FILTER (WHERE kind = 'INDUSTRIAL_PARK') AS parks,
			          count(*) FILTER (WHERE kind = 'INDUSTRIAL_PARK' AND covered) AS parks_covered,
			          count(*) FILTER (WHERE kind = 'PRIVATE_ENTERPRISE' AND above_designated_size) AS above_size_units,
			          count(*) FILTER (WHERE kind = 'PRIVATE_ENTERPRISE' AND above_designated_size AND covered)
			            AS above_size_covered,
			          count(*) FILTER (WHERE kind = 'STATE_ENTERPRISE') AS state_units,
			          count(*) FILTER (WHERE kind = 'STATE_ENTERPRISE' AND covered) AS state_covered,
			          count(*) FILTER (WHERE kind = 'LEAGUE_SOCIAL_ORGANIZATION' AND eligible) AS league_social_units,
			          count(*) FILTER (WHERE kind = 'LEAGUE_SOCIAL_ORGANIZATION' AND eligible AND covered)
			            AS league_social_covered,
			          count(*) FILTER (WHERE kind = 'PRIVATE_ENTERPRISE' AND eligible AND (provincial_top100 OR city_top20))
			            AS top_units,
			          count(*) FILTER (WHERE kind = 'PRIVATE_ENTERPRISE' AND eligible AND (provincial_top100 OR city_top20)
			                             AND covered) AS top_covered,
			          count(*) FILTER (WHERE eligible AND (youth_federation_member OR young_entrepreneur_member))
			            AS federation_units,
			          count(*) FILTER (WHERE eligible AND (youth_federation_member OR young_entrepreneur_member)
			                             AND covered) AS federation_covered,
			          count(*) FILTER (WHERE kind = 'RIDE_HAILING') AS ride_units,
			          count(*) FILTER (WHERE kind = 'RIDE_HAILING' AND covered) AS ride_covered,
			          count(*) FILTER (WHERE kind = 'EXPRESS_DELIVERY') AS express_units,
			          count(*) FILTER (WHERE kind = 'EXPRESS_DELIVERY' AND covered) AS express_covered,
			          count(*) FILTER (WHERE kind = 'MIDDLE_SCHOOL') AS middle_schools,
			          count(*) FILTER (WHERE kind = 'MIDDLE_SCHOOL' AND league_school) AS league_schools,
			          count(*) FILTER (WHERE kind IN ('VOCATIONAL_SCHOOL', 'TECHNICAL_SCHOOL', 'UNIVERSITY'))
			            AS room_schools,
			          count(*) FILTER (WHERE kind IN ('VOCATIONAL_SCHOOL', 'TECHNICAL_SCHOOL', 'UNIVERSITY') AND has_room)
			            AS room_schools_with_room
			     FROM (SELECT h.kind, h.eligible, h.party_organized, h.above_designated_size, h.youth_federation_member,
			                  h.young_entrepreneur_member, h.provincial_top100, h.city_top20,
			                  EXISTS (SELECT 1 FROM league_org o WHERE o.host_unit_id = h.id AND o.founded_on <= mo.as_of
			                             AND (o.dissolved_on IS NULL OR o.dissolved_on > mo.as_of)) AS covered,
			                  EXISTS (SELECT 1 FROM league_milestone m WHERE m.host_unit_id = h.id
			                             AND m.kind = 'LEAGUE_SCHOOL_FOUNDED' AND m.occurred_on <= mo.as_of) AS league_school,
			                  EXISTS (SELECT 1 FROM league_milestone m WHERE m.host_unit_id = h.id
			                             AND m.kind = 'ACTIVITY_ROOM_OPENED' AND m.occurred_on <= mo.as_of) AS has_room
			             FROM host_unit h WHERE h.county_id = :county) AS units) AS u
			 CROSS JOIN LATERAL (
			   SELECT count(*) FILTER (WHERE kind = 'ACTIVITY_ROOM_OPENED' AND host_unit_id IS NULL) AS county_rooms,
			          count(DISTINCT town_id) FILTER (WHERE kind = 'TOWN_VOLUNTEER_TEAM_FOUNDED') AS towns_with_team,
			          (bool_or(kind = 'COUNTY_VOLUNTEER_ASSOCIATION_FOUNDED') IS TRUE
			            AND bool_or(kind = 'COUNTY_ENTREPRENEURSHIP_ORG_FOUNDED') IS TRUE)::int AS two_teams,
			          (bool_or(kind = 'EDUCATION_COMMITTEE_FOUNDED') IS TRUE)::int AS education_committee
			     FROM league_milestone WHERE county_id = :county AND occurred_on <= mo.as_of) AS ms
			 CROSS JOIN LATERAL (
			   SELECT count(*) FILTER (WHERE founded_on BETWEEN mo.year_start AND mo.as_of) AS social_founded,
			          count(*) FILTER (WHERE dissolved_on BETWEEN mo.year_start AND mo.as_of) AS social_dissolved,
			          count(*) FILTER (WHERE founded_on < mo.year_start
			                             AND (dissolved_on IS NULL OR dissolved_on >= mo.year_start)) AS social_at_year_start
			     FROM league_org WHERE county_id = :county AND domain = 'SOCIAL') AS so
			 CROSS JOIN (SELECT count(*) AS towns FROM org_unit WHERE parent_id = :county AND level = 'TOWN') AS tw
			 ORDER BY mo.month
			"""
		.formatted(SCHOOLS);

	private final DatabaseClient db;

	private final BusinessClock clock;

	CoverageCounts(DatabaseClient db, BusinessClock clock) {
		this.db = db;
		this.clock = clock;
	}

	/**
	 * Recomputes {@code countyId}'s months from {@code changedOn}'s year (null: from
	 * {@link #FIRST_YEAR}) through the current month. Call inside the write's
	 * transaction.
	 */
	Mono<Void> touch(long countyId, LocalDate changedOn) {
		int fromYear = Math.max(FIRST_YEAR, changedOn.getYear());
		List<LocalDate> months = monthsFrom(YearMonth.of(fromYear, 1), this.clock.currentMonth());
		return this.db.sql("SELECT pg_advisory_xact_lock(hashtextextended('org_building:' || :county, 0))")
			.bind("county", countyId)
			.then()
			.then(recount(countyId, months).collectList())
			.flatMap(this::store);
	}

	/** Recomputes and stores from {@link #FIRST_YEAR} (a change with no date). */
	Mono<Void> touchAll(long countyId) {
		return touch(countyId, LocalDate.of(FIRST_YEAR, 1, 1));
	}

	/**
	 * The figures of {@code countyId} for {@code months} (first days), from the raw
	 * records.
	 */
	Flux<CountRow> recount(long countyId, Collection<LocalDate> months) {
		if (months.isEmpty()) {
			return Flux.empty();
		}
		return this.db.sql(FIGURES)
			.bind("county", countyId)
			.bind("months", months.toArray(LocalDate[]::new))
			.map(row -> toRow(countyId, row))
			.all();
	}

	/** Upserts rows (one statement per row, inside the caller's transaction). */
	Mono<Void> store(List<CountRow> rows) {
		String columns = String.join(", ", CountRow.COLUMNS);
		StringBuilder values = new StringBuilder();
		StringBuilder updates = new StringBuilder();
		for (String column : CountRow.COLUMNS) {
			values.append(", :").append(column);
			updates.append((updates.length() > 0) ? ", " : "").append(column).append(" = EXCLUDED.").append(column);
		}
		String sql = "INSERT INTO org_building_count (county_id, month, " + columns + ") VALUES (:county, :month"
				+ values + ") ON CONFLICT (county_id, month) DO UPDATE SET " + updates;
		return Flux.fromIterable(rows).concatMap(row -> {
			var spec = this.db.sql(sql).bind("county", row.countyId()).bind("month", row.month());
			for (String column : CountRow.COLUMNS) {
				spec = spec.bind(column, (int) row.get(column));
			}
			return spec.then();
		}).then();
	}

	/**
	 * For each unit, the maintained row of {@code month} or, when no write touched it
	 * since, the latest earlier row carried to it; units with no row at all are left out.
	 */
	Flux<CountRow> asOf(Collection<Long> countyIds, LocalDate month) {
		return this.db.sql("""
				SELECT DISTINCT ON (county_id) * FROM org_building_count
				 WHERE county_id = ANY(:ids) AND month <= :month
				 ORDER BY county_id, month DESC
				""")
			.bind("ids", countyIds.toArray(Long[]::new))
			.bind("month", month)
			.map(row -> toRow(Params.required(row.get("county_id", Long.class)), row))
			.all()
			.map(row -> row.carriedTo(month));
	}

	/** Every maintained row (the reconciliation's input), by county and month. */
	Flux<CountRow> all() {
		return this.db.sql("SELECT * FROM org_building_count ORDER BY county_id, month")
			.map(row -> toRow(Params.required(row.get("county_id", Long.class)), row))
			.all();
	}

	static List<LocalDate> monthsFrom(YearMonth first, YearMonth last) {
		List<LocalDate> months = new ArrayList<>();
		for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
			months.add(m.atDay(1));
		}
		return months;
	}

	private static CountRow toRow(long countyId, Readable row) {
		Map<String, Long> figures = new LinkedHashMap<>();
		for (String column : CountRow.COLUMNS) {
			Number value = row.get(column, Number.class);
			figures.put(column, (value != null) ? value.longValue() : 0L);
		}
		return new CountRow(countyId, Params.required(row.get("month", LocalDate.class)), figures);
	}

}
