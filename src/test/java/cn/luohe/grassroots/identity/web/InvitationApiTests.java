package cn.luohe.grassroots.identity.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Db;
import cn.luohe.grassroots.support.Identities;
import cn.luohe.grassroots.identity.web.IdentityTestViews.Invitation;
import cn.luohe.grassroots.support.TestUser;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.support.Problems.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

class InvitationApiTests extends ApiTest {

	@org.springframework.beans.factory.annotation.Autowired
	cn.luohe.grassroots.common.time.BusinessClock clock;

	static final String WUYANG = "411121";

	static final String LINYING = "411122";

	static final String WUQUAN_TOWN = "411121100";

	static final String DAYANGZHUANG_VILLAGE = "411121100201";

	@Test
	void shouldCreateASingleUseInvitationForThreeDaysKeepingOnlyItsHash() throws Exception {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		// the shared test context runs on a fixed business clock (app.clock)
		OffsetDateTime before = this.clock.now().atOffset(java.time.ZoneOffset.UTC);

		Invitation created = create(secretary, Map.of("role", "CADRE", "orgId", Identities.orgId(WUYANG)))
			.expectStatus()
			.isCreated()
			.expectBody(Invitation.class)
			.returnResult()
			.getResponseBody();

		String code = created.code();
		assertThat(code).matches("[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{12}");
		OffsetDateTime expiresAt = OffsetDateTime.parse(created.expiresAt());
		assertThat(expiresAt).isBetween(before.plusHours(72).minusMinutes(1), before.plusHours(72).plusMinutes(1));
		try (Connection connection = Identities.connect()) {
			assertThat(count(connection, "SELECT count(*) FROM invitation WHERE code_hash = ? AND max_uses = 1"
					+ " AND uses = 0 AND role = 'CADRE'", sha256(code)))
				.isEqualTo(1);
			assertThat(count(connection, "SELECT count(*) FROM invitation i WHERE i::text LIKE '%' || ? || '%'", code))
				.isZero();
		}
	}

	@Test
	void shouldGrantTheRoleOnRedemptionOnceAndAnswerTheSameUserAgainWithoutSpendingAUse() throws Exception {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		String code = code(create(secretary, Map.of("role", "CADRE", "orgId", Identities.orgId(WUYANG), "maxUses", 2)));
		TestUser cadre = identities().newUser("new cadre");

		redeem(cadre, code).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo(cadre.id())
			.jsonPath("$.roles[0].role")
			.isEqualTo("CADRE")
			.jsonPath("$.roles[0].orgId")
			.isEqualTo(Identities.orgId(WUYANG));
		redeem(cadre, code).expectStatus().isOk().expectBody().jsonPath("$.roles.length()").isEqualTo(1);
		as(cadre).get().uri("/api/v1/me").exchange().expectBody().jsonPath("$.roles[0].role").isEqualTo("CADRE");

		try (Connection connection = Identities.connect()) {
			assertThat(count(connection, "SELECT uses FROM invitation WHERE code_hash = ?", sha256(code))).isEqualTo(1);
		}
		// typed by hand: lower case, grouped with dashes
		String typed = code.substring(0, 4).toLowerCase() + "-" + code.substring(4, 8) + "-" + code.substring(8);
		redeem(identities().newUser("second cadre"), typed).expectStatus().isOk();
	}

	@Test
	void shouldRefuseUnknownExpiredAndUsedUpCodes() throws Exception {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		TestUser user = identities().newUser("hopeful");
		expectProblem(redeem(user, "ABCDEFGHJKLM"), 404, "INVITATION_NOT_FOUND");
		expectProblem(redeem(user, "nonsense"), 404, "INVITATION_NOT_FOUND");

		String expired = code(create(secretary, Map.of("role", "CADRE", "orgId", Identities.orgId(WUYANG))));
		// a minute before the service's (fixed) business time, not the database's wall
		// clock: the suite must pass on any day
		try (Connection connection = Identities.connect();
				PreparedStatement update = connection.prepareStatement(
						"UPDATE invitation SET expires_at = ? - interval '1 minute' WHERE code_hash = ?")) {
			update.setObject(1, this.clock.now().atOffset(java.time.ZoneOffset.UTC));
			update.setString(2, sha256(expired));
			assertThat(update.executeUpdate()).isEqualTo(1);
		}
		expectProblem(redeem(user, expired), 422, "INVITATION_EXPIRED");

		String single = code(create(secretary, Map.of("role", "CADRE", "orgId", Identities.orgId(WUYANG))));
		redeem(identities().newUser("first"), single).expectStatus().isOk();
		expectProblem(redeem(user, single), 422, "INVITATION_USED_UP");
		as(user).get().uri("/api/v1/me").exchange().expectBody().jsonPath("$.roles.length()").isEqualTo(0);
	}

	@Test
	void shouldRefuseTheInviterTheirOwnCodeWritingNothing() throws Exception {
		// the escalation: a county secretary reaches the city committee's departments,
		// whose staff read and write city-wide within the department's domain
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		String code = code(
				create(secretary, Map.of("role", "DEPARTMENT_STAFF", "orgId", Identities.orgId("4111-QFB"))));
		long audit = AuthApiTests.lastAuditId();

		expectProblem(redeem(secretary, code), 422, "INVITATION_OWN").jsonPath("$.detail").isEqualTo("不能兑换自己创建的邀请码");
		expectProblem(as(secretary).mutate()
			.defaultHeader(HttpHeaders.ACCEPT_LANGUAGE, "en")
			.build()
			.post()
			.uri("/api/v1/invitations/{code}/redeem", code)
			.exchange(), 422, "INVITATION_OWN").jsonPath("$.detail")
			.isEqualTo("You cannot redeem an invitation you created");

		as(secretary).get()
			.uri("/api/v1/me")
			.exchange()
			.expectBody()
			.jsonPath("$.roles.length()")
			.isEqualTo(1)
			.jsonPath("$.roles[0].role")
			.isEqualTo("COUNTY_SECRETARY");
		expectProblem(as(secretary).get().uri("/api/v1/orgs/by-code/" + LINYING).exchange(), 403, "FORBIDDEN_SCOPE");
		assertThat(AuthApiTests.auditSince(audit)).isEmpty();
		try (Connection connection = Identities.connect()) {
			assertThat(count(connection, "SELECT uses FROM invitation WHERE code_hash = ?", sha256(code))).isZero();
			assertThat(count(connection, "SELECT count(*) FROM invitation_redemption r JOIN invitation i"
					+ " ON i.id = r.invitation_id WHERE i.code_hash = ?", sha256(code)))
				.isZero();
		}
		assertThat(Db.count("SELECT count(*) FROM role_binding WHERE user_id = ? AND role = 'DEPARTMENT_STAFF'",
				secretary.id()))
			.isZero();
		// the single use is still there for someone else
		redeem(identities().newUser("青发部干事"), code).expectStatus().isOk();

		// nobody: a city admin neither
		TestUser admin = identities().withRole(Role.CITY_ADMIN, "4111");
		expectProblem(redeem(admin, code(create(admin, Map.of("role", "CADRE", "orgId", Identities.orgId(WUYANG))))),
				422, "INVITATION_OWN");
	}

	@Test
	void shouldNeverHandOutMoreUsesThanTheInvitationHasUnderConcurrentRedemptions() throws Exception {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		String code = code(create(secretary, Map.of("role", "CADRE", "orgId", Identities.orgId(WUYANG), "maxUses", 3)));
		List<TestUser> users = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			users.add(identities().newUser("racer " + i));
		}

		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(users.size());
		List<Future<Integer>> statuses = new ArrayList<>();
		try {
			for (TestUser racer : users) {
				statuses.add(pool.submit(() -> {
					start.await();
					return redeem(racer, code).returnResult(String.class).getStatus().value();
				}));
			}
			start.countDown();
			Map<Integer, Integer> byStatus = new HashMap<>();
			for (Future<Integer> status : statuses) {
				byStatus.merge(status.get(), 1, Integer::sum);
			}
			assertThat(byStatus).containsExactlyInAnyOrderEntriesOf(Map.of(200, 3, 422, 5));
		}
		finally {
			pool.shutdownNow();
		}
		try (Connection connection = Identities.connect()) {
			assertThat(count(connection, "SELECT uses FROM invitation WHERE code_hash = ?", sha256(code))).isEqualTo(3);
			assertThat(count(connection, "SELECT count(*) FROM invitation_redemption r JOIN invitation i"
					+ " ON i.id = r.invitation_id WHERE i.code_hash = ?", sha256(code)))
				.isEqualTo(3);
		}
	}

	@Test
	void shouldRateLimitRedemptionAttemptsPerUser() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		String valid = code(create(secretary, Map.of("role", "CADRE", "orgId", Identities.orgId(WUYANG))));
		TestUser guesser = identities().newUser("guesser");
		for (int i = 0; i < 10; i++) {
			expectProblem(redeem(guesser, "ABCDEFGHJK" + (22 + i)), 404, "INVITATION_NOT_FOUND");
		}

		// ten minutes' window: the client is told when to come back
		expectProblem(redeem(guesser, valid).expectHeader().valueEquals("Retry-After", "600"), 429, "RATE_LIMITED");
		// others are not held back by one user's guessing
		redeem(identities().newUser("patient"), valid).expectStatus().isOk();
	}

	@Test
	void shouldLetNobodyInviteAboveTheirRankNorWithoutAGrantingRole() {
		long city = Identities.orgId("4111");
		long wuyang = Identities.orgId(WUYANG);
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		TestUser leader = identities().withRole(Role.CITY_LEADER, "4111");

		expectProblem(create(secretary, Map.of("role", "CITY_LEADER", "orgId", city)), 403, "FORBIDDEN_ROLE");
		expectProblem(create(leader, Map.of("role", "CITY_ADMIN", "orgId", city)), 403, "FORBIDDEN_ROLE");
		expectProblem(create(identities().withRole(Role.CADRE, WUYANG), Map.of("role", "CADRE", "orgId", wuyang)), 403,
				"FORBIDDEN_ROLE");
		expectProblem(create(identities().newUser("nobody"), Map.of("role", "CADRE", "orgId", wuyang)), 403,
				"FORBIDDEN_ROLE");
		expectProblem(
				create(identities().withRole(Role.FIRST_SECRETARY, DAYANGZHUANG_VILLAGE),
						Map.of("role", "FIRST_SECRETARY", "orgId", Identities.orgId(DAYANGZHUANG_VILLAGE))),
				403, "FORBIDDEN_ROLE");

		create(secretary, Map.of("role", "COUNTY_SECRETARY", "orgId", wuyang)).expectStatus().isCreated();
		create(leader, Map.of("role", "CITY_LEADER", "orgId", city)).expectStatus().isCreated();
		create(leader, Map.of("role", "COUNTY_SECRETARY", "orgId", Identities.orgId(LINYING))).expectStatus()
			.isCreated();
	}

	@Test
	void shouldBindEachRoleOnlyAtItsLevel() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		long town = Identities.orgId(WUQUAN_TOWN);
		long village = Identities.orgId(DAYANGZHUANG_VILLAGE);

		expectProblem(create(secretary, Map.of("role", "COUNTY_SECRETARY", "orgId", town)), 422, "ROLE_LEVEL_MISMATCH");
		expectProblem(create(secretary, Map.of("role", "CADRE", "orgId", town)), 422, "ROLE_LEVEL_MISMATCH");
		expectProblem(create(secretary, Map.of("role", "FIRST_SECRETARY", "orgId", town)), 422, "ROLE_LEVEL_MISMATCH");
		expectProblem(create(identities().withRole(Role.CITY_ADMIN, "4111"),
				Map.of("role", "CITY_LEADER", "orgId", Identities.orgId(WUYANG))), 422, "ROLE_LEVEL_MISMATCH");

		String code = code(create(secretary, Map.of("role", "FIRST_SECRETARY", "orgId", village)));
		redeem(identities().newUser("first secretary"), code).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.roles[0].role")
			.isEqualTo("FIRST_SECRETARY")
			.jsonPath("$.roles[0].orgId")
			.isEqualTo(village);
	}

	@Test
	void shouldRefuseInvalidRequests() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		long wuyang = Identities.orgId(WUYANG);

		expectProblem(create(secretary, Map.of("role", "CADRE", "orgId", wuyang, "maxUses", 501)), 400,
				"VALIDATION_FAILED")
			.jsonPath("$.errors[0].field")
			.isEqualTo("maxUses");
		expectProblem(create(secretary, Map.of("role", "CADRE", "orgId", wuyang, "maxUses", 0)), 400,
				"VALIDATION_FAILED");
		expectProblem(create(secretary, Map.of("role", "CADRE", "orgId", wuyang, "expiresInHours", 721)), 400,
				"VALIDATION_FAILED")
			.jsonPath("$.errors[0].field")
			.isEqualTo("expiresInHours");
		expectProblem(create(secretary, Map.of("role", "KING", "orgId", wuyang)), 400, "VALIDATION_FAILED")
			.jsonPath("$.errors[0].field")
			.isEqualTo("role");
		expectProblem(create(secretary, Map.of("role", "CADRE")), 400, "VALIDATION_FAILED");
		expectProblem(create(secretary, Map.of("role", "CADRE", "orgId", wuyang, "youthHomeId", 1)), 400,
				"VALIDATION_FAILED");
		expectProblem(create(secretary, Map.of("role", "CADRE", "orgId", Long.MAX_VALUE)), 404, "NOT_FOUND");

		Invitation longer = create(secretary,
				Map.of("role", "CADRE", "orgId", wuyang, "maxUses", 500, "expiresInHours", 720))
			.expectStatus()
			.isCreated()
			.expectBody(Invitation.class)
			.returnResult()
			.getResponseBody();
		assertThat(OffsetDateTime.parse(longer.expiresAt()))
			.isAfter(this.clock.now().atOffset(java.time.ZoneOffset.UTC).plus(Duration.ofHours(719)));
	}

	@Test
	void shouldBindYouthHomeManagersToTheirHomeAtItsTown() throws Exception {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		long home = youthHome(WUQUAN_TOWN, "ACTIVE");

		String code = code(create(secretary, Map.of("role", "YOUTH_HOME_MANAGER", "youthHomeId", home)));
		redeem(identities().newUser("manager"), code).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.roles[0].role")
			.isEqualTo("YOUTH_HOME_MANAGER")
			.jsonPath("$.roles[0].orgId")
			.isEqualTo(Identities.orgId(WUQUAN_TOWN))
			.jsonPath("$.roles[0].youthHomeId")
			.isEqualTo(home);

		expectProblem(create(secretary, Map.of("role", "YOUTH_HOME_MANAGER", "orgId", Identities.orgId(WUQUAN_TOWN))),
				422, "ROLE_NEEDS_YOUTH_HOME");
		expectProblem(create(secretary, Map.of("role", "CADRE", "youthHomeId", home)), 422, "ROLE_NEEDS_ORG");
		expectProblem(
				create(secretary,
						Map.of("role", "YOUTH_HOME_MANAGER", "youthHomeId", youthHome(WUQUAN_TOWN, "DELISTED"))),
				422, "YOUTH_HOME_INACTIVE");
		expectProblem(create(secretary, Map.of("role", "YOUTH_HOME_MANAGER", "youthHomeId", Long.MAX_VALUE)), 404,
				"NOT_FOUND");
		expectProblem(
				create(secretary,
						Map.of("role", "YOUTH_HOME_MANAGER", "youthHomeId", youthHome("411122101", "ACTIVE"))),
				403, "FORBIDDEN_SCOPE");
	}

	@Test
	void shouldStopInvitationsOfAnInviterWhoLostTheirRole() throws Exception {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		String code = code(create(secretary, Map.of("role", "CADRE", "orgId", Identities.orgId(WUYANG))));
		try (Connection connection = Identities.connect();
				PreparedStatement revoke = connection
					.prepareStatement("UPDATE role_binding SET revoked_at = now() WHERE user_id = ?")) {
			revoke.setLong(1, secretary.id());
			revoke.executeUpdate();
		}

		expectProblem(redeem(identities().newUser("too late"), code), 422, "INVITATION_REVOKED");
	}

	WebTestClient.ResponseSpec create(TestUser caller, Map<String, Object> body) {
		return as(caller).post()
			.uri("/api/v1/invitations")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	WebTestClient.ResponseSpec redeem(TestUser caller, String code) {
		return as(caller).post().uri("/api/v1/invitations/{code}/redeem", code).exchange();
	}

	static String code(WebTestClient.ResponseSpec created) {
		return created.expectStatus().isCreated().expectBody(Invitation.class).returnResult().getResponseBody().code();
	}

	static long youthHome(String townCode, String status) throws Exception {
		try (Connection connection = Identities.connect(); PreparedStatement insert = connection.prepareStatement("""
				INSERT INTO youth_home (name, town_id, status, created_at, updated_at)
				SELECT '青年之家 ' || code, id, ?, now(), now() FROM org_unit WHERE code = ?
				RETURNING id
				""")) {
			insert.setString(1, status);
			insert.setString(2, townCode);
			try (ResultSet rows = insert.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		}
	}

	static String sha256(String code) throws Exception {
		return HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8)));
	}

	private static long count(Connection connection, String sql, String parameter) throws Exception {
		try (PreparedStatement select = connection.prepareStatement(sql)) {
			select.setString(1, parameter);
			try (ResultSet rows = select.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		}
	}

}
