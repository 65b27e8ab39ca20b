package cn.luohe.grassroots.dashboard.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.YearMonth;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import cn.luohe.grassroots.dashboard.internal.CountReads.CountyTowns;
import cn.luohe.grassroots.support.ServiceInstance;
import cn.luohe.grassroots.support.TestServers;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboards' rows are held per instance until an aggregator batch commits on any
 * instance (issue 19). Two instances on a database of their own whose aggregators never
 * tick by themselves, so that the test alone decides when a batch runs: a row changed
 * behind the aggregator's back stays unseen while held, and shows on the other instance
 * once a batch commits.
 */
class CountCacheTests {

	private static final YearMonth MONTH = YearMonth.of(2031, 2);

	/** 舞阳县 and its town 舞泉镇; 临颍县's 城关街道 for the batch that touches another county. */
	private static final String COUNTY = "411121";

	private static final String TOWN = "411121100";

	private static final String OTHER_TOWN = "411122001";

	private static TestServers servers;

	private static ServiceInstance instanceA;

	private static ServiceInstance instanceB;

	@BeforeAll
	@Timeout(value = 5, unit = TimeUnit.MINUTES) // two context starts on a busy box
	static void startInstances() {
		servers = TestServers.get().ownDatabase("dashboard_count_cache", 11);
		Map<String, String> settings = Map.of("app.dashboard.aggregator-interval", "1h");
		instanceA = ServiceInstance.start(servers, settings);
		instanceB = ServiceInstance.start(servers, settings);
		// the seed's own marks (every town inserted marks its county), so that each
		// batch below takes only what the test marks
		instanceA.context().getBean(CountAggregator.class).drainAll().block(Duration.ofMinutes(2));
	}

	@AfterAll
	static void stopInstances() {
		if (instanceB != null) {
			instanceB.close();
		}
		if (instanceA != null) {
			instanceA.close();
		}
	}

	@Test
	void shouldHoldACountysTownsUntilABatchCommitsOnAnyInstance() throws SQLException {
		long county = orgId(COUNTY);
		long town = orgId(TOWN);
		CountCache cacheB = instanceB.context().getBean(CountCache.class);
		CountReads readsB = instanceB.context().getBean(CountReads.class);
		CountAggregator aggregatorA = instanceA.context().getBean(CountAggregator.class);
		String key = CountCache.townsKey(county, MONTH);
		until(() -> visits(cacheB, readsB, county, town) == 0 && cacheB.holds(key), "the county's towns held by B");

		// behind the aggregator's back: no batch, so nothing tells B
		execute("""
				INSERT INTO town_month_counts (month, town_id, visits, visits_completed, visits_completed_in_week,
				       visiting_cadres, activities, activity_participants, verified_participants, youth_homes,
				       youth_homes_meeting_target, themed_events, villages_with_first_secretary,
				       villages_meeting_target, needs_opened, needs_resolved, computed_at)
				VALUES (?::date, ?, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, now())
				""", MONTH.atDay(1).toString(), town);
		assertThat(visits(cacheB, readsB, county, town)).as("the held row").isZero();

		// a batch that takes nothing changed nothing: still held
		assertThat(aggregatorA.drainOnce().block(Duration.ofSeconds(10))).isZero();
		assertThat(cacheB.holds(key)).isTrue();
		assertThat(visits(cacheB, readsB, county, town)).isZero();

		// a batch on A (another county's town-month) forgets every held row on B
		execute("INSERT INTO count_dirty (town_id, month) VALUES (?, ?::date)", orgId(OTHER_TOWN),
				MONTH.atDay(1).toString());
		assertThat(aggregatorA.drainOnce().block(Duration.ofSeconds(10))).isEqualTo(1);
		until(() -> !cacheB.holds(key), "B forgetting the county's towns");
		assertThat(visits(cacheB, readsB, county, town)).as("read again after the batch").isEqualTo(7);
	}

	@Test
	void shouldForgetOnTheCommittingInstanceBeforeItsBatchCompletes() throws SQLException {
		long county = orgId(COUNTY);
		CountCache cacheA = instanceA.context().getBean(CountCache.class);
		CountReads readsA = instanceA.context().getBean(CountReads.class);
		CountAggregator aggregatorA = instanceA.context().getBean(CountAggregator.class);
		String key = CountCache.townsKey(county, MONTH.plusMonths(1));
		until(() -> cacheA
			.countyTowns(county, MONTH.plusMonths(1), () -> readsA.countyTowns(county, MONTH.plusMonths(1)))
			.block(Duration.ofSeconds(10)) != null && cacheA.holds(key), "the county's towns held by A");
		execute("INSERT INTO count_dirty (town_id, month) VALUES (?, ?::date)", orgId(TOWN),
				MONTH.plusMonths(1).atDay(1).toString());
		assertThat(aggregatorA.drainOnce().block(Duration.ofSeconds(10))).isEqualTo(1);
		// a reader of the same instance after the batch never sees the rows before it
		assertThat(cacheA.holds(key)).isFalse();
	}

	private static long visits(CountCache cache, CountReads reads, long county, long town) {
		CountyTowns found = cache.countyTowns(county, MONTH, () -> reads.countyTowns(county, MONTH))
			.block(Duration.ofSeconds(10));
		return Objects.requireNonNull(found)
			.towns()
			.stream()
			.filter(row -> row.townId() == town)
			.findFirst()
			.orElseThrow()
			.counts()
			.visits();
	}

	private static long orgId(String code) throws SQLException {
		try (Connection connection = connect();
				PreparedStatement select = connection.prepareStatement("SELECT id FROM org_unit WHERE code = ?")) {
			select.setString(1, code);
			try (ResultSet rows = select.executeQuery()) {
				assertThat(rows.next()).as("org " + code).isTrue();
				return rows.getLong(1);
			}
		}
	}

	private static void execute(String sql, Object... values) throws SQLException {
		try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < values.length; i++) {
				statement.setObject(i + 1, values[i]);
			}
			statement.executeUpdate();
		}
	}

	private static Connection connect() throws SQLException {
		return DriverManager.getConnection(servers.jdbcUrl(), servers.username(), servers.password());
	}

	private static void until(Callable<Boolean> condition, String what) {
		Awaitility.await(what).atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(20)).until(condition);
	}

}
