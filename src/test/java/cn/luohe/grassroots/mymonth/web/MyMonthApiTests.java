package cn.luohe.grassroots.mymonth.web;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.ContractValidator;
import cn.luohe.grassroots.support.Db;
import cn.luohe.grassroots.support.Identities;
import cn.luohe.grassroots.support.ServiceInstance;
import cn.luohe.grassroots.support.TestUser;
import org.junit.jupiter.api.Test;

import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.visit.VisitFixtures.checkIn;
import static cn.luohe.grassroots.visit.VisitFixtures.checkOut;
import static cn.luohe.grassroots.visit.VisitFixtures.get;
import static cn.luohe.grassroots.visit.VisitFixtures.id;
import static cn.luohe.grassroots.visit.VisitFixtures.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /me/month} through the running service: the test profile's clock (3 December
 * 2026, inside visit week) here, and a second instance whose clock stands on 15 December
 * 2020, outside visit week and in the year of the seeded work ledger. Every user, home
 * and village is the test's own.
 */
class MyMonthApiTests extends ApiTest {

	/** 临颍县, a town of it. */
	private static final String LINYING = "411122";

	private static final String LINYING_TOWN = "411122001";

	@Test
	@SuppressWarnings("unchecked")
	void shouldFollowAVisitorsWeekFromCheckInToAnsweredNeeds() {
		TestUser cadre = identities().withRole(Role.CADRE, LINYING);
		long village = Db.single(
				"SELECT id FROM org_unit WHERE level = 'VILLAGE' AND path LIKE '/4111/411122/411122001/%' ORDER BY code LIMIT 1",
				Long.class);

		Map<String, Object> before = month(as(cadre));
		assertThat(before).containsEntry("month", "2026-12")
			.containsEntry("today", "2026-12-03")
			.containsEntry("youthHomes", null)
			.containsEntry("themedEvents", null)
			.containsEntry("unreadReminders", 0);
		assertThat((String) before.get("asOf")).isEqualTo("2026-12-03T09:30:00+08:00");
		assertThat((Map<String, Object>) before.get("visits")).containsEntry("visitWeekFirstDay", "2026-12-01")
			.containsEntry("visitWeekLastDay", "2026-12-07")
			.containsEntry("inVisitWeek", true)
			.containsEntry("done", false)
			.containsEntry("completedInVisitWeek", 0)
			.containsEntry("openVisit", null)
			.containsEntry("needs", List.of());
		assertThat((List<Map<String, Object>>) before.get("ledgerAssignments"))
			.allSatisfy(a -> assertThat(a).containsEntry("unitId", (int) Db.orgId(LINYING)));

		long visit = id(post(as(cadre), "/api/v1/visits", checkIn(village, "note", "走访"), 201));
		Map<String, Object> open = (Map<String, Object>) visits(as(cadre)).get("openVisit");
		assertThat(open).containsEntry("id", (int) visit).containsEntry("orgId", (int) village);
		assertThat((String) open.get("closesAt")).isEqualTo("2026-12-04T00:00:00+08:00");

		post(as(cadre), "/api/v1/visits/" + visit + "/check-out", checkOut(List.of("修缮村文化广场", "青年就业培训")), 200);
		Map<String, Object> done = visits(as(cadre));
		assertThat(done).containsEntry("done", true)
			.containsEntry("completedInVisitWeek", 1)
			.containsEntry("openVisit", null);
		List<Map<String, Object>> needs = (List<Map<String, Object>>) done.get("needs");
		assertThat(needs).extracting(n -> n.get("text")).containsExactly("修缮村文化广场", "青年就业培训");
		assertThat(needs).allSatisfy(n -> assertThat(n).containsEntry("status", "OPEN")
			.containsEntry("response", null)
			.containsEntry("visitId", (int) visit));

		long need = ((Number) needs.get(0).get("id")).longValue();
		post(as(cadre), "/api/v1/needs/" + need + "/resolve", Map.of("response", "已协调乡镇维修"), 200);
		Map<String, Object> answered = ((List<Map<String, Object>>) visits(as(cadre)).get("needs")).get(0);
		assertThat(answered).containsEntry("status", "RESOLVED").containsEntry("response", "已协调乡镇维修");
		assertThat((String) answered.get("resolvedAt")).endsWith("+08:00");

		// someone else's month shows none of it
		assertThat(visits(as(identities().withRole(Role.CADRE, LINYING)))).containsEntry("done", false)
			.containsEntry("needs", List.of());
	}

	@Test
	@SuppressWarnings("unchecked")
	void shouldCountAManagersActivitiesAgainstTwoAndAFirstSecretarysThemedEvent() {
		TestUser admin = identities().withRole(Role.CITY_ADMIN, "4111");
		long home = id(post(as(admin), "/api/v1/youth-homes",
				Map.of("name", "本月青年之家-" + UUID.randomUUID(), "townId", Db.orgId(LINYING_TOWN)), 201));
		String villageCode = Db.single(
				"SELECT code FROM org_unit WHERE level = 'VILLAGE' AND path LIKE '/4111/411122/%' ORDER BY code DESC LIMIT 1",
				String.class);
		TestUser user = identities().newUser("青年之家管理员兼第一团支书");
		identities().grant(user, Role.YOUTH_HOME_MANAGER, LINYING_TOWN, home);
		identities().grant(user, Role.FIRST_SECRETARY, villageCode, null);

		Map<String, Object> before = month(as(user));
		assertThat(before).containsEntry("visits", null).containsEntry("ledgerAssignments", null);
		assertThat((List<Map<String, Object>>) before.get("youthHomes")).singleElement()
			.satisfies(h -> assertThat(h).containsEntry("youthHomeId", (int) home)
				.containsEntry("activitiesLogged", 0)
				.containsEntry("activitiesRequired", 2)
				.containsEntry("done", false));
		assertThat((List<Map<String, Object>>) before.get("themedEvents")).singleElement()
			.satisfies(v -> assertThat(v).containsEntry("villageId", (int) Db.orgId(villageCode))
				.containsEntry("themedEventLogged", false));

		Instant start = Instant.parse("2026-12-02T02:00:00Z");
		for (int i = 0; i < 2; i++) {
			post(as(user), "/api/v1/youth-homes/" + home + "/activities",
					Map.of("title", "青年夜校" + i, "category", "CULTURE_SPORTS", "startAt",
							start.plusSeconds(i).toString(), "endAt", start.plus(Duration.ofHours(2)).toString(),
							"participants", 30),
					201);
		}
		assertThat(((List<Map<String, Object>>) month(as(user)).get("youthHomes")).get(0))
			.containsEntry("activitiesLogged", 2)
			.containsEntry("done", true);

		long theme = themeOf(admin);
		post(as(user), "/api/v1/themed-events",
				Map.of("themeId", theme, "villageId", Db.orgId(villageCode), "title", "主题团日", "heldAt",
						DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(start.atZone(BusinessClock.ZONE)), "participants",
						20),
				201);
		Map<String, Object> village = ((List<Map<String, Object>>) month(as(user)).get("themedEvents")).get(0);
		assertThat(village).containsEntry("themedEventLogged", true);
		assertThat((Map<String, Object>) village.get("theme")).containsEntry("id", (int) theme);
	}

	@Test
	@SuppressWarnings("unchecked")
	void shouldSayOutsideVisitWeekThatAVisitThereDoesNotFulfilTheDutyAndListTheUnitsOpenLedgerTasks() {
		try (ServiceInstance december2020 = ServiceInstance.start(Map.of("app.clock", "2020-12-15T10:00:00+08:00"))) {
			WebTestClient client = WebTestClient.bindToServer()
				.baseUrl("http://127.0.0.1:" + december2020.port())
				.responseTimeout(Duration.ofSeconds(20))
				.filter(new ContractValidator())
				.build();
			Identities identities = new Identities(client);
			TestUser cadre = identities.withRole(Role.CADRE, LINYING);
			WebTestClient asCadre = client.mutate().defaultHeader("Authorization", cadre.bearer()).build();
			long village = Db.single(
					"SELECT id FROM org_unit WHERE level = 'VILLAGE' AND path LIKE '/4111/411122/411122001/%' ORDER BY code LIMIT 1",
					Long.class);
			long visit = id(post(asCadre, "/api/v1/visits", checkIn(village), 201));
			post(asCadre, "/api/v1/visits/" + visit + "/check-out", checkOut(List.of()), 200);

			Map<String, Object> month = month(asCadre);
			assertThat(month).containsEntry("month", "2020-12").containsEntry("today", "2020-12-15");
			assertThat((Map<String, Object>) month.get("visits")).containsEntry("visitWeekFirstDay", "2020-12-01")
				.containsEntry("visitWeekLastDay", "2020-12-07")
				.containsEntry("inVisitWeek", false)
				.containsEntry("done", false)
				.containsEntry("completedInVisitWeek", 0)
				.containsEntry("openVisit", null);

			// the seeded 2020 ledger: the county's open assignments, earliest deadline
			// first
			List<Map<String, Object>> assignments = (List<Map<String, Object>>) month.get("ledgerAssignments");
			long open = Db.count("""
					SELECT count(*) FROM ledger_assignment a JOIN ledger_task t ON t.id = a.task_id
					 WHERE t.year = 2020 AND a.unit_org_id = ? AND a.status IN ('NOT_STARTED', 'IN_PROGRESS')
					""", Db.orgId(LINYING));
			assertThat(assignments).isNotEmpty().hasSize((int) open).allSatisfy(a -> {
				assertThat(a).containsEntry("unitId", (int) Db.orgId(LINYING));
				assertThat((String) a.get("status")).isIn("NOT_STARTED", "IN_PROGRESS");
			});
			assertThat(assignments).extracting(a -> (String) a.get("deadline")).isSorted();
		}
	}

	@Test
	void shouldRefuseAnAnonymousCaller() {
		client().get().uri("/api/v1/me/month").exchange().expectStatus().isUnauthorized();
	}

	private static Map<String, Object> month(WebTestClient client) {
		return get(client, "/api/v1/me/month", 200);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> visits(WebTestClient client) {
		return (Map<String, Object>) month(client).get("visits");
	}

	/** December 2026's theme of 临颍县, published here unless another test already did. */
	@SuppressWarnings("unchecked")
	private long themeOf(TestUser admin) {
		long county = Db.orgId(LINYING);
		as(admin).post()
			.uri("/api/v1/themes")
			.bodyValue(Map.of("countyId", county, "month", "2026-12", "title", "乡村振兴青年行"))
			.exchange()
			.expectStatus()
			.value(status -> assertThat(status).isIn(201, 409));
		Map<String, Object> page = get(as(admin), "/api/v1/themes?countyId=" + county + "&month=2026-12", 200);
		return ((Number) ((List<Map<String, Object>>) page.get("items")).get(0).get("id")).longValue();
	}

}
