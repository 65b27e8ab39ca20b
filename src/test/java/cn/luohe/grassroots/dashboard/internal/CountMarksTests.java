package cn.luohe.grassroots.dashboard.internal;

import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import cn.luohe.grassroots.dashboard.internal.CountMarks.DirtyMark;
import cn.luohe.grassroots.dashboard.internal.CountMarks.TownMonth;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.PlanCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The aggregator's batches of dirty marks are found by key, whatever the marks beside
 * them: a busy morning leaves thousands pending and an hour of consumed ones.
 */
class CountMarksTests extends ApiTest {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final int CONSUMED = 20_000;

	private static final int PENDING = 2_000;

	@Autowired
	ApplicationContext context;

	@ParameterizedTest
	@ValueSource(strings = { "auto", "force_generic_plan" })
	void shouldTakeTownMarksByKeyBesideManyOthers(String planCacheMode) {
		inFirstTownRolledBack((db, town) -> {
			db.sql("""
					INSERT INTO count_dirty (town_id, month, consumed_at)
					SELECT :town, date '2026-12-01', CASE WHEN n <= :consumed THEN now() END
					  FROM generate_series(1, :all) AS n
					""")
				.bind("town", town)
				.bind("consumed", CONSUMED)
				.bind("all", CONSUMED + PENDING)
				.then()
				.block(WAIT);
			db.sql("ANALYZE count_dirty").then().block(WAIT);
			db.sql("SET LOCAL plan_cache_mode = " + planCacheMode).then().block(WAIT);

			// the town-month resting, as it is right after its recount
			List<String> plan = explain(db, CountMarks.TAKE_DIRTY,
					Map.of("towns", new Long[] { town }, "months", new String[] { "2026-12-01" }, "limit", 500));

			// as "id IN (<the batch>)": the batch hash-joined to a scan of every mark
			assertThat(plan).noneMatch(line -> line.contains("Seq Scan on count_dirty"))
				.anyMatch(line -> line.contains("Index Scan using count_dirty_pkey"));
		});
	}

	@Test
	void shouldChooseTheTownMonthsOnceWhenTheStatisticsSayNoneArePending() {
		inFirstTownRolledBack((db, town) -> {
			// a drained queue analysed, as autovacuum finds it between two mornings
			db.sql("""
					INSERT INTO count_dirty (town_id, month, consumed_at)
					SELECT :town, date '2026-12-01', now() FROM generate_series(1, :consumed)
					""").bind("town", town).bind("consumed", CONSUMED).then().block(WAIT);
			db.sql("ANALYZE count_dirty").then().block(WAIT);
			// then a morning's marks of one town
			insertMarks(db, town, PENDING);

			// executed, and rolled back with the marks
			List<String> plan = explain(db, "EXPLAIN ANALYZE ", CountMarks.TAKE_DIRTY,
					Map.of("towns", new Long[0], "months", new String[0], "limit", 500));

			// as "(town_id, month) IN (<the choice>)": the choice's limit ran once per
			// pending mark (loops=2000)
			assertThat(plan).filteredOn(line -> line.contains("Limit"))
				.isNotEmpty()
				.allMatch(line -> line.contains("loops=1)"));
		});
	}

	/**
	 * {@code work} on a session of its own, with the first town, in a transaction rolled
	 * back: its marks never committed, the instance's aggregator neither takes nor
	 * recounts them, and the statistics ANALYZE gathers from them go with them.
	 */
	private void inFirstTownRolledBack(BiConsumer<DatabaseClient, Long> work) {
		try (PlanCache session = PlanCache.open(this.context)) {
			DatabaseClient db = session.client();
			long town = firstTown(db);
			inTransactionRolledBack(db, () -> work.accept(db, town));
		}
	}

	@Test
	void shouldTakeEveryPendingMarkOfTheChosenTownMonthsAndNoneOfTheResting() throws InterruptedException {
		try (PlanCache session = PlanCache.open(this.context)) {
			DatabaseClient db = session.client();
			List<Long> towns = db.sql("SELECT id FROM org_unit WHERE level = 'TOWN' ORDER BY id LIMIT 3")
				.map(row -> row.get("id", Long.class))
				.all()
				.collectList()
				.block(WAIT);
			long busy = towns.get(0);
			long other = towns.get(1);
			long resting = towns.get(2);
			CountMarks marks = new CountMarks(db);
			// the marks other tests left, drained by the instance's aggregator first: the
			// takes below see this test's marks only
			long deadline = System.nanoTime() + WAIT.toNanos();
			while (marks.pendingDirty().block(WAIT) > 0 && System.nanoTime() < deadline) {
				Thread.sleep(50);
			}
			assertThat(marks.pendingDirty().block(WAIT)).isZero();
			inTransactionRolledBack(db, () -> {
				// the resting town's mark first, then the busy town's five around the
				// other's
				insertMarks(db, resting, 1);
				insertMarks(db, busy, 2);
				insertMarks(db, other, 1);
				insertMarks(db, busy, 3);
				List<TownMonth> restingNow = List.of(new TownMonth(resting, YearMonth.of(2026, 12)));

				List<DirtyMark> first = marks.takeDirty(1, restingNow).collectList().block(WAIT);
				List<DirtyMark> second = marks.takeDirty(1, restingNow).collectList().block(WAIT);
				List<DirtyMark> third = marks.takeDirty(10, restingNow).collectList().block(WAIT);

				// the oldest mark not resting is the busy town's: all five of its marks
				// come with it, past the limit of one
				assertThat(first).extracting(mark -> mark.townMonth().townId()).hasSize(5).containsOnly(busy);
				assertThat(first).extracting(DirtyMark::visitorId).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);
				assertThat(second).extracting(mark -> mark.townMonth().townId()).containsExactly(other);
				assertThat(third).isEmpty();
				assertThat(marks.takeDirty(10, List.of()).collectList().block(WAIT))
					.extracting(mark -> mark.townMonth().townId())
					.containsExactly(resting);
			});
		}
	}

	private static long firstTown(DatabaseClient db) {
		return db.sql("SELECT id FROM org_unit WHERE level = 'TOWN' ORDER BY id LIMIT 1")
			.map(row -> row.get("id", Long.class))
			.one()
			.block(WAIT);
	}

	/** {@code n} pending marks of the town's December 2026, one per visitor 1, 2, ... */
	private static void insertMarks(DatabaseClient db, long town, int n) {
		db.sql("""
				INSERT INTO count_dirty (town_id, month, visitor_id, every_visitor)
				SELECT :town, date '2026-12-01',
				       (SELECT count(*) FROM count_dirty WHERE town_id = :town AND consumed_at IS NULL) + n, false
				  FROM generate_series(1, :n) AS n
				""").bind("town", town).bind("n", n).then().block(WAIT);
	}

	@Test
	void shouldTakeOrganMarksByKeyBesideManyOthers() {
		try (PlanCache session = PlanCache.open(this.context)) {
			DatabaseClient db = session.client();
			inTransactionRolledBack(db, () -> {
				db.sql("""
						INSERT INTO organ_dirty (org_id, consumed_at)
						SELECT -1, CASE WHEN n <= :consumed THEN now() END FROM generate_series(1, :all) AS n
						""").bind("consumed", CONSUMED).bind("all", CONSUMED + PENDING).then().block(WAIT);
				db.sql("ANALYZE organ_dirty").then().block(WAIT);

				List<String> plan = explain(db, CountMarks.TAKE_DIRTY_ORGANS, Map.of("limit", 500));

				assertThat(plan).noneMatch(line -> line.contains("Seq Scan on organ_dirty"))
					.anyMatch(line -> line.contains("Index Scan using organ_dirty_pkey"));
			});
		}
	}

	private static void inTransactionRolledBack(DatabaseClient db, Runnable work) {
		db.sql("BEGIN").then().block(WAIT);
		try {
			work.run();
		}
		finally {
			db.sql("ROLLBACK").then().block(WAIT);
		}
	}

	/** The statement's plan for these values (EXPLAIN without ANALYZE: nothing taken). */
	private static List<String> explain(DatabaseClient db, String statement, Map<String, Object> values) {
		return explain(db, "EXPLAIN ", statement, values);
	}

	/** As {@code explain} shows it ({@code EXPLAIN ANALYZE} executes the statement). */
	private static List<String> explain(DatabaseClient db, String explain, String statement,
			Map<String, Object> values) {
		return db.sql(explain + statement)
			.bindValues(values)
			.map(row -> row.get(0, String.class))
			.all()
			.collectList()
			.block(WAIT);
	}

}
