package cn.luohe.grassroots.org.web;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Db;
import cn.luohe.grassroots.support.Identities;
import cn.luohe.grassroots.support.TestUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A move ({@code PATCH /orgs/{id}}) rewrites the path, a unique key, of every org in the
 * subtree, so it locks those rows against every insert that refers to one of them (a
 * check-in names its village, then its town). A move that meets such a writer is
 * answered, never a 500 for the deadlock PostgreSQL breaks.
 */
class OrgMoveApiTests extends ApiTest {

	/** 台陈镇 of 临颍县, which no other test names, and one of its villages. */
	private static final String TOWN = "411122104";

	private static final String VILLAGE = "411122104202";

	private static final String COUNTY = "411122";

	private static final String ZONE = "4111F1";

	private TestUser admin;

	@BeforeEach
	void signIn() {
		this.admin = identities().withRole(Role.CITY_ADMIN, "4111");
	}

	@AfterEach
	void moveBack() {
		if (!parentCode(TOWN).equals(COUNTY)) {
			assertThat(move(Db.orgId(COUNTY))).isEqualTo(200);
		}
	}

	@Test
	void shouldMoveATownWhileAnInsertLocksOneOfItsVillagesAndThenTheTown() throws Exception {
		// what a check-in's foreign-key checks take, in their order. The move waits for
		// the village before it locks the town: the writer never waits for the move
		// (without that order the two deadlock, and the writer would wait until
		// PostgreSQL failed one of them a second later)
		assertThat(moveBetweenAWritersLocks(VILLAGE, TOWN, "SET LOCAL lock_timeout = '500ms'")).isEqualTo(200);
		assertThat(parentCode(TOWN)).isEqualTo(ZONE);
		assertThat(Db.single("SELECT path FROM org_unit WHERE code = ?", String.class, VILLAGE))
			.isEqualTo("/4111/" + ZONE + "/" + TOWN + "/" + VILLAGE + "/");
	}

	@Test
	void shouldMoveATownWhileAnInsertLocksTheTownAndThenOneOfItsVillages() throws Exception {
		// the other order: PostgreSQL breaks the deadlock by failing the move, which is
		// tried again once the other writer is through
		assertThat(moveBetweenAWritersLocks(TOWN, VILLAGE, "SELECT 1")).isEqualTo(200);
		assertThat(parentCode(TOWN)).isEqualTo(ZONE);
		assertThat(Db.count("SELECT count(*) FROM org_unit WHERE path LIKE ?", "/4111/" + ZONE + "/" + TOWN + "/%"))
			.isEqualTo(Db.count("SELECT count(*) FROM org_unit WHERE code LIKE ?", TOWN + "%"));
	}

	/**
	 * The town moved into the zone while another transaction holds {@code first}'s key
	 * lock and, once the move waits, takes {@code second}'s (after {@code beforeSecond});
	 * the move's status.
	 */
	private int moveBetweenAWritersLocks(String first, String second, String beforeSecond) throws Exception {
		try (Connection writer = Identities.connect()) {
			writer.setAutoCommit(false);
			keyShare(writer, first);
			CompletableFuture<Integer> moved = CompletableFuture.supplyAsync(() -> move(Db.orgId(ZONE)));
			awaitMoveWaitingForALock();
			try (Statement statement = writer.createStatement()) {
				statement.execute(beforeSecond);
			}
			keyShare(writer, second);
			writer.commit();
			return moved.get(30, TimeUnit.SECONDS);
		}
	}

	private int move(long parentId) {
		return as(this.admin).patch()
			.uri("/api/v1/orgs/{id}", Db.orgId(TOWN))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("parentId", parentId))
			.exchange()
			.returnResult(String.class)
			.getStatus()
			.value();
	}

	private static String parentCode(String code) {
		return Db.single("SELECT p.code FROM org_unit o JOIN org_unit p ON p.id = o.parent_id WHERE o.code = ?",
				String.class, code);
	}

	private static void keyShare(Connection connection, String code) throws SQLException {
		try (PreparedStatement lock = connection
			.prepareStatement("SELECT id FROM org_unit WHERE code = ? FOR KEY SHARE")) {
			lock.setString(1, code);
			try (ResultSet rows = lock.executeQuery()) {
				assertThat(rows.next()).isTrue();
			}
		}
	}

	private static void awaitMoveWaitingForALock() throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (Db.count("""
				SELECT count(*) FROM pg_stat_activity
				 WHERE wait_event_type = 'Lock' AND query LIKE '%org_unit%' AND query NOT LIKE '%KEY SHARE%'
				""") == 0) {
			if (System.nanoTime() > deadline) {
				fail("the move never waited for the writer's lock");
			}
			Thread.sleep(10);
		}
	}

}
