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
import cn.luohe.grassroots.support.Responses.Identified;
import cn.luohe.grassroots.support.ServiceInstance;
import cn.luohe.grassroots.support.TestUser;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.visit.VisitFixtures.checkIn;
import static cn.luohe.grassroots.visit.VisitFixtures.checkOut;
import static cn.luohe.grassroots.visit.VisitFixtures.get;
import static cn.luohe.grassroots.visit.VisitFixtures.items;
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
	void shouldFollowAVisitorsWeekFromCheckInToAnsweredNeeds() {
		TestUser cadre = identities().withRole(Role.CADRE, LINYING);
		long village = Db.single(
				"SELECT id FROM org_unit WHERE level = 'VILLAGE' AND path LIKE '/4111/411122/411122001/%' ORDER BY code LIMIT 1",
				Long.class);

		Month before = month(as(cadre));
		assertThat(before.month()).isEqualTo("2026-12");
		assertThat(before.today()).isEqualTo("2026-12-03");
		assertThat(before.youthHomes()).isNull();
		assertThat(before.themedEvents()).isNull();
		assertThat(before.unreadReminders()).isEqualTo(0L);
		assertThat(before.asOf()).isEqualTo("2026-12-03T09:30:00+08:00");
		assertThat(before.visits()).isEqualTo(new Visits("2026-12-01", "2026-12-07", true, false, 0, null, List.of()));
		assertThat(before.ledgerAssignments()).isNotNull()
			.allSatisfy(a -> assertThat(a.unitId()).isEqualTo(Db.orgId(LINYING)));

		long visit = post(as(cadre), "/api/v1/visits", checkIn(village, "note", "走访"), 201, Identified.class).id();
		OpenVisit open = visits(as(cadre)).openVisit();
		assertThat(open).isNotNull();
		assertThat(open.id()).isEqualTo(visit);
		assertThat(open.orgId()).isEqualTo(village);
		assertThat(open.closesAt()).isEqualTo("2026-12-04T00:00:00+08:00");

		post(as(cadre), "/api/v1/visits/" + visit + "/check-out", checkOut(List.of("修缮村文化广场", "青年就业培训")), 200,
				Identified.class);
		Visits done = visits(as(cadre));
		assertThat(done.done()).isTrue();
		assertThat(done.completedInVisitWeek()).isEqualTo(1);
		assertThat(done.openVisit()).isNull();
		List<Need> needs = done.needs();
		assertThat(needs).extracting(Need::text).containsExactly("修缮村文化广场", "青年就业培训");
		assertThat(needs).allSatisfy(n -> {
			assertThat(n.status()).isEqualTo("OPEN");
			assertThat(n.response()).isNull();
			assertThat(n.visitId()).isEqualTo(visit);
		});

		long need = needs.get(0).id();
		post(as(cadre), "/api/v1/needs/" + need + "/resolve", Map.of("response", "已协调乡镇维修"), 200, Identified.class);
		Need answered = visits(as(cadre)).needs().get(0);
		assertThat(answered.status()).isEqualTo("RESOLVED");
		assertThat(answered.response()).isEqualTo("已协调乡镇维修");
		assertThat(answered.resolvedAt()).endsWith("+08:00");

		// someone else's month shows none of it
		Visits others = visits(as(identities().withRole(Role.CADRE, LINYING)));
		assertThat(others.done()).isFalse();
		assertThat(others.needs()).isEmpty();
	}

	@Test
	void shouldCountAManagersActivitiesAgainstTwoAndAFirstSecretarysThemedEvent() {
		TestUser admin = identities().withRole(Role.CITY_ADMIN, "4111");
		long home = post(as(admin), "/api/v1/youth-homes",
				Map.of("name", "本月青年之家-" + UUID.randomUUID(), "townId", Db.orgId(LINYING_TOWN)), 201, Identified.class)
			.id();
		String villageCode = Db.single(
				"SELECT code FROM org_unit WHERE level = 'VILLAGE' AND path LIKE '/4111/411122/%' ORDER BY code DESC LIMIT 1",
				String.class);
		TestUser user = identities().newUser("青年之家管理员兼第一团支书");
		identities().grant(user, Role.YOUTH_HOME_MANAGER, LINYING_TOWN, home);
		identities().grant(user, Role.FIRST_SECRETARY, villageCode, null);

		Month before = month(as(user));
		assertThat(before.visits()).isNull();
		assertThat(before.ledgerAssignments()).isNull();
		assertThat(before.youthHomes()).singleElement().isEqualTo(new HomeItem(home, 0, 2, false));
		assertThat(before.themedEvents()).singleElement().satisfies(v -> {
			assertThat(v.villageId()).isEqualTo(Db.orgId(villageCode));
			assertThat(v.themedEventLogged()).isFalse();
		});

		Instant start = Instant.parse("2026-12-02T02:00:00Z");
		for (int i = 0; i < 2; i++) {
			post(as(user), "/api/v1/youth-homes/" + home + "/activities",
					Map.of("title", "青年夜校" + i, "category", "CULTURE_SPORTS", "startAt",
							start.plusSeconds(i).toString(), "endAt", start.plus(Duration.ofHours(2)).toString(),
							"participants", 30),
					201, Identified.class);
		}
		HomeItem logged = youthHomes(month(as(user))).get(0);
		assertThat(logged.activitiesLogged()).isEqualTo(2);
		assertThat(logged.done()).isTrue();

		long theme = themeOf(admin);
		post(as(user), "/api/v1/themed-events",
				Map.of("themeId", theme, "villageId", Db.orgId(villageCode), "title", "主题团日", "heldAt",
						DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(start.atZone(BusinessClock.ZONE)), "participants",
						20),
				201, Identified.class);
		List<VillageItem> villages = month(as(user)).themedEvents();
		assertThat(villages).isNotNull();
		VillageItem village = villages.get(0);
		assertThat(village.themedEventLogged()).isTrue();
		assertThat(village.theme()).isNotNull().extracting(ThemeRef::id).isEqualTo(theme);
	}

	@Test
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
			long visit = post(asCadre, "/api/v1/visits", checkIn(village), 201, Identified.class).id();
			post(asCadre, "/api/v1/visits/" + visit + "/check-out", checkOut(List.of()), 200, Identified.class);

			Month month = month(asCadre);
			assertThat(month.month()).isEqualTo("2020-12");
			assertThat(month.today()).isEqualTo("2020-12-15");
			assertThat(month.visits()).isNotNull()
				.usingRecursiveComparison()
				.ignoringFields("needs")
				.isEqualTo(new Visits("2020-12-01", "2020-12-07", false, false, 0, null, List.of()));

			// the seeded 2020 ledger: the county's open assignments, earliest deadline
			// first
			List<Assignment> assignments = month.ledgerAssignments();
			long open = Db.count("""
					SELECT count(*) FROM ledger_assignment a JOIN ledger_task t ON t.id = a.task_id
					 WHERE t.year = 2020 AND a.unit_org_id = ? AND a.status IN ('NOT_STARTED', 'IN_PROGRESS')
					""", Db.orgId(LINYING));
			assertThat(assignments).isNotNull().isNotEmpty().hasSize((int) open).allSatisfy(a -> {
				assertThat(a.unitId()).isEqualTo(Db.orgId(LINYING));
				assertThat(a.status()).isIn("NOT_STARTED", "IN_PROGRESS");
			});
			assertThat(assignments).extracting(Assignment::deadline).isSorted();
		}
	}

	@Test
	void shouldRefuseAnAnonymousCaller() {
		client().get().uri("/api/v1/me/month").exchange().expectStatus().isUnauthorized();
	}

	private static Month month(WebTestClient client) {
		return get(client, "/api/v1/me/month", 200, Month.class);
	}

	private static Visits visits(WebTestClient client) {
		Visits visits = month(client).visits();
		assertThat(visits).as("the month's visits").isNotNull();
		return visits;
	}

	private static List<HomeItem> youthHomes(Month month) {
		assertThat(month.youthHomes()).as("the month's youth homes").isNotNull();
		return month.youthHomes();
	}

	/** December 2026's theme of 临颍县, published here unless another test already did. */
	private long themeOf(TestUser admin) {
		long county = Db.orgId(LINYING);
		as(admin).post()
			.uri("/api/v1/themes")
			.bodyValue(Map.of("countyId", county, "month", "2026-12", "title", "乡村振兴青年行"))
			.exchange()
			.expectStatus()
			.value(status -> assertThat(status).isIn(201, 409));
		return items(as(admin), "/api/v1/themes?countyId=" + county + "&month=2026-12", Identified.class).get(0).id();
	}

	/** {@code GET /me/month}, as far as the tests read it. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Month(String month, String today, String asOf, @Nullable Visits visits, @Nullable List<HomeItem> youthHomes,
			@Nullable List<VillageItem> themedEvents, @Nullable List<Assignment> ledgerAssignments,
			@Nullable Long unreadReminders) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Visits(String visitWeekFirstDay, String visitWeekLastDay, boolean inVisitWeek, boolean done,
			int completedInVisitWeek, @Nullable OpenVisit openVisit, List<Need> needs) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record OpenVisit(long id, long orgId, String closesAt) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Need(long id, long visitId, String text, String status, @Nullable String response,
			@Nullable String resolvedAt) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record HomeItem(long youthHomeId, long activitiesLogged, int activitiesRequired, boolean done) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record VillageItem(long villageId, @Nullable ThemeRef theme, boolean themedEventLogged) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record ThemeRef(long id) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Assignment(long unitId, String status, String deadline) {
	}

}
