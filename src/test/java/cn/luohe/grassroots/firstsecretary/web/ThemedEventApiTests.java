package cn.luohe.grassroots.firstsecretary.web;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.firstsecretary.web.FirstSecretaryTestViews.Theme;
import cn.luohe.grassroots.firstsecretary.web.FirstSecretaryTestViews.ThemedEvent;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Db;
import cn.luohe.grassroots.support.Responses;
import cn.luohe.grassroots.support.Responses.Identified;
import cn.luohe.grassroots.support.TestUser;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.support.Problems.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Themes, volunteer teams and themed events, from the "done when": the 舞阳县
 * secretary publishes the December theme; a first secretary of a 舞泉镇 village logs the
 * themed event; a first secretary elsewhere cannot log for that village.
 */
class ThemedEventApiTests extends ApiTest {

	private static final String WUYANG = "411121";

	/** 大杨庄村, a village of 舞泉镇 (舞阳县). */
	private static final String DAYANGZHUANG = "411121100201";

	/** 苇塘村, a village of 吴城镇 (舞阳县). */
	private static final String WEITANG = "411121101201";

	/** 董畦村, a village of 临颍县. */
	private static final String DONGQI = "411122001207";

	@Autowired
	private BusinessClock clock;

	@Test
	void shouldLetTheFirstSecretaryOfAWuquanVillageLogTheDecemberThemedEvent() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		YearMonth december = latestDecember();
		Theme theme = decemberTheme(secretary, december);
		assertThat(theme.month()).isEqualTo(december.toString());
		assertThat(theme.countyName()).isEqualTo("舞阳县");
		long teamId = created(as(secretary), "/api/v1/volunteer-teams",
				Map.of("countyId", Db.orgId(WUYANG), "name", "舞泉镇青年志愿服务队" + UUID.randomUUID(), "members", 28));
		TestUser firstSecretary = identities().withRole(Role.FIRST_SECRETARY, DAYANGZHUANG);
		long villageId = Db.orgId(DAYANGZHUANG);
		Map<String, Object> body = event(theme.id(), villageId, "巩固脱贫成果入户走访", december);
		body.put("volunteerTeamId", teamId);
		String key = UUID.randomUUID().toString();

		ThemedEvent logged = log(firstSecretary, body, key, 201).expectBody(ThemedEvent.class)
			.returnResult()
			.getResponseBody();
		assertThat(log(firstSecretary, body, key, 201).expectBody(ThemedEvent.class).returnResult().getResponseBody())
			.isEqualTo(logged);

		assertThat(logged.villageName()).isEqualTo("大杨庄村村民委员会");
		assertThat(logged.themeId()).isEqualTo(theme.id());
		assertThat(logged.volunteerTeamId()).isEqualTo(teamId);
		assertThat(logged.townId()).isEqualTo(Db.orgId("411121100"));
		long eventId = logged.id();
		assertThat(
				Db.count("SELECT count(*) FROM themed_event WHERE village_id = ? AND title = '巩固脱贫成果入户走访'", villageId))
			.isOne();
		assertThat(Db.count("SELECT count(*) FROM feed_event WHERE type = 'THEMED_EVENT_LOGGED' AND record_id = ?"
				+ " AND org_id = ? AND town_id = ?", eventId, villageId, Db.orgId("411121100")))
			.isOne();
		assertThat(Db.count("SELECT count(*) FROM count_dirty WHERE town_id = ? AND month = ?", Db.orgId("411121100"),
				december.atDay(1)))
			.isPositive();
		assertThat(eventIds(firstSecretary, "villageId=" + villageId, december)).contains(eventId);
		assertThat(eventIds(secretary, "countyId=" + Db.orgId(WUYANG), december)).contains(eventId);
		as(secretary).get().uri("/api/v1/themed-events/{id}", eventId).exchange().expectStatus().isOk();

		TestUser elsewhere = identities().withRole(Role.FIRST_SECRETARY, WEITANG);
		expectProblem(as(elsewhere).post().uri("/api/v1/themed-events").bodyValue(body).exchange(), 403,
				"FORBIDDEN_SCOPE");
		expectProblem(as(elsewhere).get().uri("/api/v1/themed-events/{id}", eventId).exchange(), 403,
				"FORBIDDEN_SCOPE");
		expectProblem(as(secretary).post().uri("/api/v1/themed-events").bodyValue(body).exchange(), 403,
				"FORBIDDEN_ROLE");
	}

	@Test
	void shouldAllowOneThemePerCountyAndMonth() {
		TestUser admin = identities().withRole(Role.CITY_ADMIN, "4111");
		// a month no other test publishes for 召陵区
		YearMonth month = this.clock.currentMonth().minusMonths(25);
		Map<String, Object> body = Map.of("countyId", Db.orgId("411104"), "month", month.toString(), "title", "美丽乡村建设",
				"description", "组织青年参与人居环境整治");

		as(admin).post().uri("/api/v1/themes").bodyValue(body).exchange().expectStatus().isCreated();
		expectProblem(as(admin).post().uri("/api/v1/themes").bodyValue(body).exchange(), 409, "THEME_EXISTS");
		expectProblem(as(admin).post()
			.uri("/api/v1/themes")
			.bodyValue(Map.of("countyId", Db.orgId("411104001"), "month", month.toString(), "title", "x"))
			.exchange(), 422, "NOT_A_COUNTY");
		expectProblem(as(admin).post()
			.uri("/api/v1/themes")
			.bodyValue(Map.of("countyId", Db.orgId("411104"), "month", "2026-13", "title", "x"))
			.exchange(), 400, "VALIDATION_FAILED");
		expectProblem(as(identities().withRole(Role.COUNTY_SECRETARY, WUYANG)).post()
			.uri("/api/v1/themes")
			.bodyValue(body)
			.exchange(), 403, "FORBIDDEN_SCOPE");

		// the county's first secretaries read the theme from below
		as(identities().withRole(Role.FIRST_SECRETARY, "411104001001")).get()
			.uri("/api/v1/themes?countyId={c}&month={m}", Db.orgId("411104"), month.toString())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.items[0].title")
			.isEqualTo("美丽乡村建设")
			.jsonPath("$.nextCursor")
			.isEmpty();
	}

	@Test
	void shouldHoldEventsToTheirThemesCountyAndMonth() {
		TestUser admin = identities().withRole(Role.CITY_ADMIN, "4111");
		YearMonth month = this.clock.currentMonth().minusMonths(26);
		long linying = Db.orgId("411122");
		long wuyangTheme = theme(admin, Db.orgId(WUYANG), month, "助力乡村振兴");
		long linyingTheme = theme(admin, linying, month, "关爱留守儿童");
		long linyingTeam = created(as(admin), "/api/v1/volunteer-teams",
				Map.of("countyId", linying, "name", "临颍县青年突击队" + UUID.randomUUID()));
		TestUser firstSecretary = identities().withRole(Role.FIRST_SECRETARY, DONGQI);
		long village = Db.orgId(DONGQI);

		expectProblem(log(firstSecretary, event(wuyangTheme, village, "错县的主题", month), null), 422,
				"THEME_COUNTY_MISMATCH");
		expectProblem(log(firstSecretary, event(linyingTheme, village, "错月的活动", month.plusMonths(1)), null), 422,
				"OUTSIDE_THEME_MONTH");
		Map<String, Object> withWrongTeam = event(linyingTheme, village, "别县的志愿队", month);
		withWrongTeam.put("volunteerTeamId", otherCountyTeam(admin));
		expectProblem(log(firstSecretary, withWrongTeam, null), 422, "VOLUNTEER_TEAM_COUNTY_MISMATCH");
		Map<String, Object> tooLong = event(linyingTheme, village, "x".repeat(101), month);
		expectProblem(log(firstSecretary, tooLong, null), 400, "VALIDATION_FAILED");
		assertThat(Db.count("SELECT count(*) FROM themed_event WHERE village_id = ?", village)).isZero();
		assertThat(Db.count("SELECT count(*) FROM feed_event WHERE actor_user_id = ?", firstSecretary.id())).isZero();

		Map<String, Object> withTeam = event(linyingTheme, village, "关爱留守儿童暑期课堂", month);
		withTeam.put("volunteerTeamId", linyingTeam);
		log(firstSecretary, withTeam, null, 201);
		as(firstSecretary).get().uri("/api/v1/volunteer-teams?countyId={c}", linying).exchange().expectStatus().isOk();
	}

	/**
	 * The December theme of 舞阳县: the test context is shared, so another test may have
	 * published it already.
	 */
	private Theme decemberTheme(TestUser secretary, YearMonth december) {
		as(secretary).post()
			.uri("/api/v1/themes")
			.bodyValue(Map.of("countyId", Db.orgId(WUYANG), "month", december.toString(), "title", "助力脱贫攻坚",
					"description", "各村第一团支书带领青年志愿者开展入户帮扶"))
			.exchange()
			.expectStatus()
			.value(status -> assertThat(status).isIn(201, 409));
		return as(secretary).get()
			.uri("/api/v1/themes?countyId={c}&month={m}", Db.orgId(WUYANG), december.toString())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Responses.page(Theme.class))
			.returnResult()
			.getResponseBody()
			.items()
			.stream()
			.filter(theme -> theme.voidedAt() == null)
			.findFirst()
			.orElseThrow();
	}

	private long theme(TestUser user, long countyId, YearMonth month, String title) {
		return created(as(user), "/api/v1/themes",
				Map.of("countyId", countyId, "month", month.toString(), "title", title));
	}

	private long otherCountyTeam(TestUser admin) {
		return created(as(admin), "/api/v1/volunteer-teams",
				Map.of("countyId", Db.orgId(WUYANG), "name", "舞阳县青年志愿服务队" + UUID.randomUUID()));
	}

	private static long created(WebTestClient client, String uri, Object body) {
		return client.post()
			.uri(uri)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Identified.class)
			.returnResult()
			.getResponseBody()
			.id();
	}

	/** This December, or last year's before December comes. */
	private YearMonth latestDecember() {
		YearMonth current = this.clock.currentMonth();
		return YearMonth.of((current.getMonthValue() == 12) ? current.getYear() : current.getYear() - 1, 12);
	}

	private static Map<String, Object> event(long themeId, long villageId, String title, YearMonth month) {
		Instant heldAt = BusinessClock.startOf(month).plus(Duration.ofHours(10));
		Map<String, Object> body = new HashMap<>();
		body.put("themeId", themeId);
		body.put("villageId", villageId);
		body.put("title", title);
		body.put("heldAt", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(heldAt.atZone(BusinessClock.ZONE)));
		body.put("participants", 18);
		body.put("summary", "走访困难家庭12户");
		body.put("location", Map.of("lat", 33.45, "lng", 113.58, "coordSystem", "WGS84"));
		return body;
	}

	/** Logs a themed event, expecting {@code status}; its body still to be read. */
	private WebTestClient.ResponseSpec log(TestUser user, Map<String, Object> body, @Nullable String key, int status) {
		WebTestClient.ResponseSpec response = log(user, body, key);
		response.expectStatus().isEqualTo(status);
		return response;
	}

	private WebTestClient.ResponseSpec log(TestUser user, Map<String, Object> body, @Nullable String key) {
		return as(user).post().uri("/api/v1/themed-events").headers(headers -> {
			if (key != null) {
				headers.set("Idempotency-Key", key);
			}
		}).bodyValue(body).exchange();
	}

	private List<Long> eventIds(TestUser user, String filter, YearMonth month) {
		return as(user).get()
			.uri("/api/v1/themed-events?" + filter + "&month=" + month + "&limit=200")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Responses.page(Identified.class))
			.returnResult()
			.getResponseBody()
			.items()
			.stream()
			.map(Identified::id)
			.toList();
	}

}
