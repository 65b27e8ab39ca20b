package cn.luohe.grassroots.org.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import cn.luohe.grassroots.support.IntegrationTest;
import cn.luohe.grassroots.support.TestServers;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The seeded tree on the real database the application migrated at start-up. */
@IntegrationTest
class OrgSeedTests {

	@Test
	void shouldHoldTheWholeLuoheTree() throws SQLException {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			Map<String, Integer> counts = new LinkedHashMap<>();
			// the seeded orgs: tests add towns and villages of their own (codes starting
			// with T)
			try (ResultSet rows = statement.executeQuery(
					"SELECT level, count(*) FROM org_unit WHERE path LIKE '/4111/%' AND code NOT LIKE 'T%' GROUP BY level")) {
				while (rows.next()) {
					counts.put(rows.getString(1), rows.getInt(2));
				}
			}
			assertThat(counts).containsEntry("CITY", 1)
				.containsEntry("COUNTY", 8)
				.containsEntry("TOWN", 58)
				.containsEntry("VILLAGE", 1334)
				.containsEntry("DEPARTMENT", 5);
		}
	}

	@Test
	void shouldChangeNothingWhenLoadedAgain() throws SQLException {
		try (Connection connection = connect()) {
			connection.setAutoCommit(false);
			try {
				assertThat(OrgSeedMigration.load(connection, OrgSeedMigration.readRows())).isZero();
			}
			finally {
				connection.rollback();
			}
		}
	}

	@Test
	void shouldAnswerSubtreeQueriesFromTheIndex() throws SQLException {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			connection.setAutoCommit(false);
			// a table this small may be scanned anyway;
			// forbid that to prove the index serves prefixes
			statement.execute("SET LOCAL enable_seqscan = off");
			StringBuilder plan = new StringBuilder();
			try (ResultSet rows = statement
				.executeQuery("EXPLAIN SELECT id FROM org_unit WHERE path LIKE '/4111/411121/%' AND level = 'TOWN'")) {
				while (rows.next()) {
					plan.append(rows.getString(1)).append('\n');
				}
			}
			connection.rollback();
			assertThat(plan.toString()).contains("org_unit_path_prefix_idx").doesNotContain("Seq Scan");
		}
	}

	static Connection connect() throws SQLException {
		TestServers servers = TestServers.get();
		return DriverManager.getConnection(servers.jdbcUrl(), servers.username(), servers.password());
	}

}
