package cn.luohe.grassroots.leagueorg.internal;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.common.db.SqlStep;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.leagueorg.api.CoverageFigures;
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
	static final int FIRST_YEAR = CoverageFigures.FIRST_YEAR;

	/**
	 * Every figure of {@code :county} as of the last day of each month in
	 * {@code :months}: the database's one definition ({@code league_coverage_figures},
	 * migration V250), which the writes' recount ({@code league_coverage_store}) reads
	 * too.
	 */
	private static final String FIGURES = "SELECT * FROM league_coverage_figures(:county, CAST(:months AS date[]))";

	/**
	 * Takes the county's lock, then recounts and stores its months with a snapshot taken
	 * after the lock, in one statement (a function: one plain statement would read with a
	 * snapshot taken before it waited for the lock).
	 */
	private static final String STORE = "SELECT league_coverage_store(:county, CAST(:months AS date[])) AS stored";

	/**
	 * The name of the recount step of a record's {@code WITH} statement, which its final
	 * query reads ({@code CROSS JOIN recount}).
	 */
	static final String RECOUNT = "recount";

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
		return this.db.sql(STORE)
			.bind("county", countyId)
			.bind("months", months(changedOn).toArray(LocalDate[]::new))
			.then();
	}

	/**
	 * {@link #touch} as the step {@link #RECOUNT} of a record's data-modifying
	 * {@code WITH} statement: recounts once per row of {@code recordCte} (none when the
	 * record was not written), seeing that row (the function's statements read with a
	 * fresh snapshot). The statement's final query must read the step (a {@code SELECT}
	 * clause nothing reads is never run): {@code CROSS JOIN recount}.
	 */
	SqlStep touchStep(long countyId, LocalDate changedOn, String recordCte) {
		return SqlStep.named(RECOUNT, STORE + " FROM " + recordCte,
				Map.of("county", countyId, "months", months(changedOn).toArray(LocalDate[]::new)));
	}

	/** {@link #touchStep} for a change with no date (from {@link #FIRST_YEAR}). */
	SqlStep touchAllStep(long countyId, String recordCte) {
		return touchStep(countyId, LocalDate.of(FIRST_YEAR, 1, 1), recordCte);
	}

	/** The months from {@code changedOn}'s year through the current month. */
	private List<LocalDate> months(LocalDate changedOn) {
		int fromYear = Math.max(FIRST_YEAR, changedOn.getYear());
		return monthsFrom(YearMonth.of(fromYear, 1), this.clock.currentMonth());
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
