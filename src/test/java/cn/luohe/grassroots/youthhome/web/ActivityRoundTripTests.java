package cn.luohe.grassroots.youthhome.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.Db;
import cn.luohe.grassroots.support.Identities;
import cn.luohe.grassroots.support.RoundTripTest;
import cn.luohe.grassroots.support.TestUser;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import static cn.luohe.grassroots.visit.VisitFixtures.WUQUAN;
import static cn.luohe.grassroots.visit.VisitFixtures.WUYANG;
import static cn.luohe.grassroots.visit.VisitFixtures.queryLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

/**
 * A Youth Home's registration, an organization's and an activity's transaction each hold
 * at most three statements (issue 19): its idempotency key, the activity with its photos,
 * feed event and dirty mark in one {@code WITH} statement, and the stored answer. The
 * home, the month's closure and the photos' ownership are read before it. Counted on an
 * instance whose connections record their statements; adding a statement fails this test.
 */
class ActivityRoundTripTests extends RoundTripTest {

	@Test
	void shouldLogAnActivityWithThreeStatementsInItsTransaction() {
		Identities identities = new Identities(client);
		TestUser secretary = identities.withRole(Role.COUNTY_SECRETARY, WUYANG);
		long home = created(secretary, null, Map.of("name", "舞泉镇青年之家（往返）", "townId", Db.orgId(WUQUAN)), HomeId.class,
				"/api/v1/youth-homes")
			.id();
		TestUser manager = identities.newUser("往返测试管理员");
		identities.grant(manager, Role.YOUTH_HOME_MANAGER, WUQUAN, home);
		Instant start = anHourBeforeBusinessTime();
		Map<String, Object> body = Map.of("title", "青年志愿服务进社区", "category", "VOLUNTEER_SERVICE", "startAt",
				start.toString(), "endAt", start.plus(Duration.ofHours(2)).toString(), "participants", 20, "photoIds",
				List.of());
		statements.clear();

		Created first = log(manager, home, "round-trips-activity", body);

		expectKeyStatementAnswer("INSERT INTO youth_home_activity", "INSERT INTO youth_home_activity",
				"INSERT INTO feed_event", "INSERT INTO count_dirty");
		assertThat(queryLong("SELECT count(*) FROM feed_event WHERE record_id = ? AND type = 'ACTIVITY_LOGGED'",
				first.id()))
			.isEqualTo(1);

		// a replay writes nothing and answers the first response
		statements.clear();
		assertThat(log(manager, home, "round-trips-activity", body)).isEqualTo(first);
		assertThat(statements.transactionsWith("INSERT INTO youth_home_activity")).isEmpty();
		assertThat(queryLong("SELECT count(*) FROM youth_home_activity WHERE youth_home_id = ?", home)).isEqualTo(1);

		// opening the sign-in: one statement (the session's upsert), no transaction;
		// opening it again while open answers it and writes nothing
		statements.clear();
		openSignIn(manager, home, first.id(), 201);
		assertThat(statements.transactionsWith("activity_sign_in_session"))
			.filteredOn(transaction -> transaction.stream().anyMatch(statement -> statement.contains("INSERT INTO")))
			.singleElement()
			.satisfies(transaction -> assertThat(transaction).singleElement()
				.asString()
				.contains("INSERT INTO activity_sign_in_session", "ON CONFLICT"));
		statements.clear();
		openSignIn(manager, home, first.id(), 200);
		assertThat(statements.transactionsWith("INSERT INTO activity_sign_in_session")).isEmpty();

		// a participant's sign-in: one statement (the sign-in with its dirty mark,
		// answering the new count), atomic without a transaction
		String code = client.get()
			.uri("/api/v1/youth-homes/{id}/activities/{a}/sign-in-code", home, first.id())
			.header("Authorization", manager.bearer())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Code.class)
			.returnResult()
			.getResponseBody()
			.code();
		TestUser participant = identities.newUser("往返测试参与者");
		statements.clear();
		assertThat(signIn(participant, code, 201)).isEqualTo(1);
		List<List<String>> writes = statements.transactionsWith("INSERT INTO activity_sign_in ");
		assertThat(writes).hasSize(1);
		assertThat(writes.get(0)).singleElement(STRING).contains("INSERT INTO count_dirty");
		// a second scan answers the same count and writes nothing
		statements.clear();
		assertThat(signIn(participant, code, 200)).isEqualTo(1);
		assertThat(statements.transactionsWith("INSERT INTO activity_sign_in ")).isEmpty();
		assertThat(queryLong("SELECT count(*) FROM count_dirty WHERE town_id = ?", Db.orgId(WUQUAN))).isPositive();
	}

	@Test
	void shouldRegisterAYouthHomeWithThreeStatementsInItsTransaction() {
		TestUser secretary = new Identities(client).withRole(Role.COUNTY_SECRETARY, WUYANG);
		Map<String, Object> body = Map.of("name", "舞泉镇青年之家（登记往返）", "townId", Db.orgId(WUQUAN), "address", "舞泉镇人民路 1 号");
		statements.clear();

		Registered first = register(secretary, "round-trips-home", body);

		expectKeyStatementAnswer("INSERT INTO youth_home", "INSERT INTO youth_home", "INSERT INTO count_dirty");
		assertThat(first.townName()).isNotBlank();
		assertThat(first.status()).isEqualTo("ACTIVE");

		// a replay writes nothing and answers the first response
		statements.clear();
		assertThat(register(secretary, "round-trips-home", body)).isEqualTo(first);
		assertThat(statements.transactionsWith("INSERT INTO youth_home ")).isEmpty();
		assertThat(queryLong("SELECT count(*) FROM youth_home WHERE name = ?", "舞泉镇青年之家（登记往返）")).isEqualTo(1);
	}

	@Test
	void shouldRegisterAYouthOrganizationWithThreeStatementsInItsTransaction() {
		Identities identities = new Identities(client);
		TestUser secretary = identities.withRole(Role.COUNTY_SECRETARY, WUYANG);
		long home = register(secretary, "round-trips-organization-home",
				Map.of("name", "舞泉镇青年之家（组织往返）", "townId", Db.orgId(WUQUAN)))
			.id();
		TestUser manager = identities.newUser("组织往返管理员");
		identities.grant(manager, Role.YOUTH_HOME_MANAGER, WUQUAN, home);
		String founded = instance.context().getBean(BusinessClock.class).today().minusYears(1).toString();
		Map<String, Object> body = Map.of("name", "舞泉青年书画社", "type", "INTEREST", "foundedOn", founded);
		statements.clear();

		Organization first = organization(manager, home, "round-trips-organization", body);

		expectKeyStatementAnswer("INSERT INTO youth_organization", "INSERT INTO youth_organization");

		// a replay writes nothing and answers the first response
		statements.clear();
		assertThat(organization(manager, home, "round-trips-organization", body)).isEqualTo(first);
		assertThat(statements.transactionsWith("INSERT INTO youth_organization")).isEmpty();
		assertThat(queryLong("SELECT count(*) FROM youth_organization WHERE youth_home_id = ?", home)).isEqualTo(1);
	}

	private static void openSignIn(TestUser manager, long home, long activity, int status) {
		client.post()
			.uri("/api/v1/youth-homes/{id}/activities/{a}/sign-in-sessions", home, activity)
			.header("Authorization", manager.bearer())
			.exchange()
			.expectStatus()
			.isEqualTo(status);
	}

	private static Organization organization(TestUser user, long home, String key, Map<String, Object> body) {
		return created(user, key, body, Organization.class, "/api/v1/youth-homes/{id}/organizations", home);
	}

	private static Registered register(TestUser user, String key, Map<String, Object> body) {
		return created(user, key, body, Registered.class, "/api/v1/youth-homes");
	}

	private static long signIn(TestUser user, String code, int status) {
		return client.post()
			.uri("/api/v1/sign-ins")
			.header("Authorization", user.bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("code", code))
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(SignedIn.class)
			.returnResult()
			.getResponseBody()
			.verifiedParticipants();
	}

	private static Created log(TestUser user, long home, String key, Map<String, Object> body) {
		return created(user, key, body, Created.class, "/api/v1/youth-homes/{id}/activities", home);
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record HomeId(long id) {
	}

	/** The code a manager shows. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Code(String code) {
	}

	/** The part of a sign-in's answer this test reads. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record SignedIn(long verifiedParticipants) {
	}

	/** The part of an organization's answer this test reads. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Organization(long id, String name, String type, String foundedOn) {
	}

	/** The part of a home's answer this test reads. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Registered(long id, String name, String townName, String address, String status, String createdAt) {
	}

	/** The part of an answer this test reads. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Created(long id, int declaredParticipants, long verifiedParticipants) {
	}

}
