package cn.luohe.grassroots.org.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgDirectory;
import cn.luohe.grassroots.org.api.OrgLevel;
import cn.luohe.grassroots.org.api.OrgLineage;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Db;
import cn.luohe.grassroots.support.ServiceInstance;
import cn.luohe.grassroots.support.TestUser;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Orgs and their lineage are held per instance, and a move on one instance reaches
 * another within a second (issue 19).
 */
class OrgCacheTests extends ApiTest {

	/** A town of 临颍县 no other test names, and the zone it is moved into. */
	private static final String TOWN = "411122002";

	private static final String ZONE = "4111F1";

	private static ServiceInstance instanceB;

	@BeforeAll
	@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES) // a context start
																		// on a busy box
	static void startInstanceB() {
		instanceB = ServiceInstance.start(Map.of());
	}

	@AfterAll
	static void stopInstanceB() {
		if (instanceB != null) {
			instanceB.close();
		}
	}

	@Test
	void shouldSeeAMoveOnAnotherInstanceWithinASecond() {
		TestUser admin = identities().withRole(Role.CITY_ADMIN, "4111");
		long town = Db.orgId(TOWN);
		String county = Db.single("SELECT p.code FROM org_unit o JOIN org_unit p ON p.id = o.parent_id WHERE o.id = ?",
				String.class, town);
		OrgCache cacheB = instanceB.context().getBean(OrgCache.class);
		OrgDirectory orgsB = instanceB.context().getBean(OrgDirectory.class);
		until(() -> countyOn(orgsB, town).equals(county) && cacheB.holds(town), Duration.ofSeconds(3),
				"the town held by instance B");
		assertThat(orgsB.findByCode(TOWN).block(Duration.ofSeconds(5)).path()).startsWith("/4111/" + county + "/");
		try {
			move(admin, town, ZONE);
			// B's cached lineage still names the old county until the broadcast lands
			until(() -> countyOn(orgsB, town).equals(ZONE), Duration.ofSeconds(1), "instance B seeing the move");
			assertThat(orgsB.requireLineage(town).block(Duration.ofSeconds(5)).org().path())
				.startsWith("/4111/" + ZONE + "/");
			// found by its code, it is the moved org too (the code leads to the cached
			// org)
			assertThat(orgsB.findByCode(TOWN).block(Duration.ofSeconds(5)).path()).startsWith("/4111/" + ZONE + "/");
		}
		finally {
			move(admin, town, county);
		}
		until(() -> countyOn(orgsB, town).equals(county), Duration.ofSeconds(1), "instance B seeing the move back");
	}

	@Test
	void shouldSeeAMovedTownInTheOtherCountysTownsOnAnotherInstanceWithinASecond() {
		TestUser admin = identities().withRole(Role.CITY_ADMIN, "4111");
		long town = Db.orgId(TOWN);
		String county = Db.single("SELECT p.code FROM org_unit o JOIN org_unit p ON p.id = o.parent_id WHERE o.id = ?",
				String.class, town);
		OrgSubtreeCache subtreesB = instanceB.context().getBean(OrgSubtreeCache.class);
		OrgDirectory orgsB = instanceB.context().getBean(OrgDirectory.class);
		until(() -> townsOf(orgsB, county).contains(TOWN) && !townsOf(orgsB, ZONE).contains(TOWN)
				&& subtreesB.holds(pathOf(orgsB, county) + "|TOWN"), Duration.ofSeconds(3),
				"both counties' towns held by instance B");
		try {
			move(admin, town, ZONE);
			until(() -> townsOf(orgsB, ZONE).contains(TOWN) && !townsOf(orgsB, county).contains(TOWN),
					Duration.ofSeconds(1), "instance B listing the town under its new county");
		}
		finally {
			move(admin, town, county);
		}
		until(() -> townsOf(orgsB, county).contains(TOWN) && !townsOf(orgsB, ZONE).contains(TOWN),
				Duration.ofSeconds(1), "instance B listing the town under its county again");
	}

	private static String pathOf(OrgDirectory orgs, String code) {
		return Objects.requireNonNull(orgs.require(Db.orgId(code)).block(Duration.ofSeconds(5))).path();
	}

	private static List<String> townsOf(OrgDirectory orgs, String countyCode) {
		return Objects.requireNonNull(orgs.require(Db.orgId(countyCode))
			.flatMapMany(county -> orgs.subtree(county, OrgLevel.TOWN))
			.map(Org::code)
			.collectList()
			.block(Duration.ofSeconds(5)));
	}

	private void move(TestUser admin, long town, String parentCode) {
		OrgId moved = as(admin).patch()
			.uri("/api/v1/orgs/{id}", town)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("parentId", Db.orgId(parentCode)))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(OrgId.class)
			.returnResult()
			.getResponseBody();
		assertThat(moved).isNotNull();
		assertThat(moved.id()).isEqualTo(town);
	}

	private static String countyOn(OrgDirectory orgs, long town) {
		OrgLineage lineage = orgs.requireLineage(town).block(Duration.ofSeconds(5));
		return Objects.requireNonNull(Objects.requireNonNull(lineage).county()).code();
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record OrgId(long id) {
	}

	private static void until(java.util.function.BooleanSupplier condition, Duration within, String what) {
		long deadline = System.nanoTime() + within.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				fail("Gave up waiting for: " + what);
			}
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				fail("interrupted");
			}
		}
	}

}
