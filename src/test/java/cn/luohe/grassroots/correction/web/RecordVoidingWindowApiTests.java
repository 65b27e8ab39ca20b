package cn.luohe.grassroots.correction.web;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.correction.web.CorrectionTestViews.VoidResult;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ContractValidator;
import cn.luohe.grassroots.support.Responses.Identified;
import cn.luohe.grassroots.support.Identities;
import cn.luohe.grassroots.support.IntegrationTest;
import cn.luohe.grassroots.support.MutableClock;
import cn.luohe.grassroots.support.ServiceInstance;
import cn.luohe.grassroots.support.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.support.Problems.expectProblem;
import static cn.luohe.grassroots.visit.VisitFixtures.orgId;
import static cn.luohe.grassroots.visit.VisitFixtures.post;
import static cn.luohe.grassroots.visit.VisitFixtures.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The amendment window (app.corrections.window, 48 h) on an instance of the service whose
 * clock the test moves: the author voids within it and is refused after it, when the
 * county's secretary still may. In 裴城镇 (召陵区), a town no other test writes to.
 */
@IntegrationTest
class RecordVoidingWindowApiTests {

	/** Inside December 2026's first week, like the shared test clock. */
	private static final Instant START = Instant.parse("2026-12-03T01:30:00Z");

	private static final MutableClock CLOCK = new MutableClock(START, BusinessClock.ZONE);

	private static final String ZHAOLING = "411103";

	/** 裴城镇. */
	private static final String PEICHENG = "411103103";

	private static ServiceInstance instance;

	@BeforeAll
	static void startAnInstanceWithAMovableClock() {
		instance = ServiceInstance.start(Map.of(), CLOCK);
	}

	@AfterAll
	static void stop() {
		instance.close();
	}

	@Test
	void shouldRefuseTheAuthorAfterTheWindowButNotTheCountysSecretary() {
		CLOCK.set(START);
		TestUser secretary = newUser("裴城镇书记", Role.COUNTY_SECRETARY, ZHAOLING, null);
		long home = post(as(secretary), "/api/v1/youth-homes",
				Map.of("name", "裴城镇青年之家 " + UUID.randomUUID(), "townId", orgId(PEICHENG)), 201, Identified.class)
			.id();
		TestUser manager = newUser("裴城镇青年之家管理员", Role.YOUTH_HOME_MANAGER, PEICHENG, home);
		long early = post(as(manager), "/api/v1/youth-homes/" + home + "/activities", activity("早些的活动"), 201,
				Identified.class)
			.id();
		long late = post(as(manager), "/api/v1/youth-homes/" + home + "/activities", activity("晚些的活动"), 201,
				Identified.class)
			.id();

		CLOCK.set(START.plus(Duration.ofHours(47)));
		post(as(manager), "/api/v1/activities/" + late + "/void", Map.of("reason", "未举办"), 200, VoidResult.class);

		CLOCK.set(START.plus(Duration.ofHours(49)));
		expectProblem(
				send(as(manager), HttpMethod.POST, "/api/v1/activities/" + early + "/void", Map.of("reason", "未举办")),
				422, "AMEND_WINDOW_CLOSED");
		assertThat(post(as(secretary), "/api/v1/activities/" + early + "/void", Map.of("reason", "未举办"), 200,
				VoidResult.class)
			.voidedBy()).isEqualTo(secretary.id());
	}

	private Map<String, Object> activity(String title) {
		Instant start = CLOCK.instant().minus(Duration.ofHours(5));
		Map<String, Object> body = new HashMap<>();
		body.put("title", title);
		body.put("category", "THEORY_STUDY");
		body.put("startAt", start.toString());
		body.put("endAt", start.plus(Duration.ofHours(2)).toString());
		body.put("participants", 10);
		return body;
	}

	private static WebTestClient client() {
		return WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + instance.port())
			.responseTimeout(Duration.ofSeconds(20))
			.filter(new ContractValidator())
			.build();
	}

	/** A user logged in on the instance, with one binding. */
	private static TestUser newUser(String name, Role role, String orgCode, Long youthHomeId) {
		TestUser user = new Identities(client()).newUser(name);
		new Identities(client()).grant(user, role, orgCode, youthHomeId);
		return user;
	}

	/** Logs in anew as the same user (tokens follow the moved clock). */
	private static WebTestClient as(TestUser user) {
		String openid;
		try (var connection = Identities.connect();
				var select = connection.prepareStatement("SELECT openid FROM app_user WHERE id = ?")) {
			select.setLong(1, user.id());
			try (var rows = select.executeQuery()) {
				rows.next();
				openid = rows.getString(1);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		TestUser fresh = new Identities(client()).login(openid, user.displayName());
		return client().mutate().defaultHeader("Authorization", fresh.bearer()).build();
	}

}
