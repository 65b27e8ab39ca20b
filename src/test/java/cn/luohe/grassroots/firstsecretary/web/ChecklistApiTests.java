package cn.luohe.grassroots.firstsecretary.web;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Db;
import cn.luohe.grassroots.support.TestUser;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static cn.luohe.grassroots.firstsecretary.web.ThemedEventApiTests.id;
import static cn.luohe.grassroots.support.Responses.read;
import static org.assertj.core.api.Assertions.assertThat;

class ChecklistApiTests extends ApiTest {

	/** 北舞渡镇 of 舞阳县, whose homes no other test touches. */
	private static final String BEIWUDU = "411121102";

	/** 中心街村 of 舞泉镇. */
	private static final String ZHONGXINJIE = "411121100213";

	@Autowired
	private BusinessClock clock;

	@Test
	@SuppressWarnings("unchecked")
	void shouldCountActivitiesAgainstTwoAndTellWhetherTheThemedEventIsLogged() {
		TestUser admin = identities().withRole(Role.CITY_ADMIN, "4111");
		Instant start = this.clock.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
		YearMonth month = BusinessClock.monthOf(start);
		long home = id(as(admin).post()
			.uri("/api/v1/youth-homes")
			.bodyValue(Map.of("name", "北舞渡镇青年之家", "townId", Db.orgId(BEIWUDU)))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody());
		TestUser user = identities().newUser("身兼两职的青年");
		identities().grant(user, Role.YOUTH_HOME_MANAGER, BEIWUDU, home);
		identities().grant(user, Role.FIRST_SECRETARY, ZHONGXINJIE, null);

		Map<String, Object> before = checklist(user, month);
		assertThat(before).containsEntry("month", month.toString());
		assertThat((List<Map<String, Object>>) before.get("youthHomes")).singleElement()
			.satisfies(item -> assertThat(item).containsEntry("youthHomeId", (int) home)
				.containsEntry("name", "北舞渡镇青年之家")
				.containsEntry("activitiesLogged", 0)
				.containsEntry("activitiesRequired", 2)
				.containsEntry("done", false));
		Map<String, Object> village = ((List<Map<String, Object>>) before.get("villages")).get(0);
		assertThat(village).containsEntry("villageId", (int) Db.orgId(ZHONGXINJIE))
			.containsEntry("themedEventLogged", false)
			.containsEntry("done", false);

		logActivity(user, home, "青年夜校", start);
		assertThat(homeItem(checklist(user, month))).containsEntry("activitiesLogged", 1).containsEntry("done", false);
		logActivity(user, home, "青年篮球赛", start.plusSeconds(1));
		assertThat(homeItem(checklist(user, month))).containsEntry("activitiesLogged", 2).containsEntry("done", true);

		Map<String, Object> theme = themeOf(admin, month);
		Map<?, ?> withTheme = ((List<Map<String, Object>>) checklist(user, month).get("villages")).get(0);
		assertThat(read(withTheme.get("theme"), ThemeRef.class))
			.isEqualTo(new ThemeRef(((Number) theme.get("id")).longValue(), (String) theme.get("title")));
		as(user).post()
			.uri("/api/v1/themed-events")
			.bodyValue(Map.of("themeId", theme.get("id"), "villageId", Db.orgId(ZHONGXINJIE), "title", "主题团日", "heldAt",
					DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(start.atZone(BusinessClock.ZONE)), "participants",
					20))
			.exchange()
			.expectStatus()
			.isCreated();
		assertThat(((List<Map<String, Object>>) checklist(user, month).get("villages")).get(0))
			.containsEntry("themedEventLogged", true)
			.containsEntry("done", true);

		// another month asks everything again
		assertThat(homeItem(checklist(user, month.minusMonths(1)))).containsEntry("activitiesLogged", 0);
	}

	@Test
	void shouldGiveAnEmptyChecklistToUsersWithoutSuchDuties() {
		as(identities().newUser("普通青年")).get()
			.uri("/api/v1/me/checklist")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.month")
			.isEqualTo(this.clock.currentMonth().toString())
			.jsonPath("$.youthHomes.length()")
			.isEqualTo(0)
			.jsonPath("$.villages.length()")
			.isEqualTo(0);
	}

	/** The month's theme of 舞阳县, published here unless another test already did. */
	@SuppressWarnings("unchecked")
	private Map<String, Object> themeOf(TestUser admin, YearMonth month) {
		long county = Db.orgId("411121");
		as(admin).post()
			.uri("/api/v1/themes")
			.bodyValue(Map.of("countyId", county, "month", month.toString(), "title", "美丽乡村"))
			.exchange()
			.expectStatus()
			.value(status -> assertThat(status).isIn(201, 409));
		Map<String, Object> page = as(admin).get()
			.uri("/api/v1/themes?countyId={c}&month={m}", county, month.toString())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return ((List<Map<String, Object>>) page.get("items")).get(0);
	}

	private void logActivity(TestUser manager, long home, String title, Instant start) {
		as(manager).post()
			.uri("/api/v1/youth-homes/{id}/activities", home)
			.bodyValue(Map.of("title", title, "category", "CULTURE_SPORTS", "startAt", start.toString(), "endAt",
					start.plus(Duration.ofHours(2)).toString(), "participants", 40))
			.exchange()
			.expectStatus()
			.isCreated();
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> checklist(TestUser user, YearMonth month) {
		return as(user).get()
			.uri("/api/v1/me/checklist?month={m}", month.toString())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> homeItem(Map<String, Object> checklist) {
		return ((List<Map<String, Object>>) checklist.get("youthHomes")).get(0);
	}

	/** The month's theme a checklist village names. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record ThemeRef(long id, String title) {
	}

}
