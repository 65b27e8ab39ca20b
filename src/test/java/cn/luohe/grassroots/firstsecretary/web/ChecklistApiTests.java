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
import cn.luohe.grassroots.support.Responses;
import cn.luohe.grassroots.support.Responses.Identified;
import cn.luohe.grassroots.support.TestUser;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class ChecklistApiTests extends ApiTest {

	/** 北舞渡镇 of 舞阳县, whose homes no other test touches. */
	private static final String BEIWUDU = "411121102";

	/** 中心街村 of 舞泉镇. */
	private static final String ZHONGXINJIE = "411121100213";

	@Autowired
	private BusinessClock clock;

	@Test
	void shouldCountActivitiesAgainstTwoAndTellWhetherTheThemedEventIsLogged() {
		TestUser admin = identities().withRole(Role.CITY_ADMIN, "4111");
		Instant start = this.clock.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
		YearMonth month = BusinessClock.monthOf(start);
		long home = as(admin).post()
			.uri("/api/v1/youth-homes")
			.bodyValue(Map.of("name", "北舞渡镇青年之家", "townId", Db.orgId(BEIWUDU)))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Identified.class)
			.returnResult()
			.getResponseBody()
			.id();
		TestUser user = identities().newUser("身兼两职的青年");
		identities().grant(user, Role.YOUTH_HOME_MANAGER, BEIWUDU, home);
		identities().grant(user, Role.FIRST_SECRETARY, ZHONGXINJIE, null);

		Checklist before = checklist(user, month);
		assertThat(before.month()).isEqualTo(month.toString());
		assertThat(before.youthHomes()).containsExactly(new HomeItem(home, "北舞渡镇青年之家", 0, 2, false));
		VillageItem village = before.villages().get(0);
		assertThat(village.villageId()).isEqualTo(Db.orgId(ZHONGXINJIE));
		assertThat(village.themedEventLogged()).isFalse();
		assertThat(village.done()).isFalse();

		logActivity(user, home, "青年夜校", start);
		HomeItem one = homeItem(checklist(user, month));
		assertThat(one.activitiesLogged()).isEqualTo(1);
		assertThat(one.done()).isFalse();
		logActivity(user, home, "青年篮球赛", start.plusSeconds(1));
		HomeItem two = homeItem(checklist(user, month));
		assertThat(two.activitiesLogged()).isEqualTo(2);
		assertThat(two.done()).isTrue();

		ThemeRef theme = themeOf(admin, month);
		assertThat(checklist(user, month).villages().get(0).theme()).isEqualTo(theme);
		as(user).post()
			.uri("/api/v1/themed-events")
			.bodyValue(Map.of("themeId", theme.id(), "villageId", Db.orgId(ZHONGXINJIE), "title", "主题团日", "heldAt",
					DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(start.atZone(BusinessClock.ZONE)), "participants",
					20))
			.exchange()
			.expectStatus()
			.isCreated();
		VillageItem logged = checklist(user, month).villages().get(0);
		assertThat(logged.themedEventLogged()).isTrue();
		assertThat(logged.done()).isTrue();

		// another month asks everything again
		assertThat(homeItem(checklist(user, month.minusMonths(1))).activitiesLogged()).isZero();
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
	private ThemeRef themeOf(TestUser admin, YearMonth month) {
		long county = Db.orgId("411121");
		as(admin).post()
			.uri("/api/v1/themes")
			.bodyValue(Map.of("countyId", county, "month", month.toString(), "title", "美丽乡村"))
			.exchange()
			.expectStatus()
			.value(status -> assertThat(status).isIn(201, 409));
		return as(admin).get()
			.uri("/api/v1/themes?countyId={c}&month={m}", county, month.toString())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Responses.page(ThemeRef.class))
			.returnResult()
			.getResponseBody()
			.items()
			.get(0);
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

	private Checklist checklist(TestUser user, YearMonth month) {
		return as(user).get()
			.uri("/api/v1/me/checklist?month={m}", month.toString())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Checklist.class)
			.returnResult()
			.getResponseBody();
	}

	private static HomeItem homeItem(Checklist checklist) {
		return checklist.youthHomes().get(0);
	}

	/** {@code GET /me/checklist}. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Checklist(String month, List<HomeItem> youthHomes, List<VillageItem> villages) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record HomeItem(long youthHomeId, String name, long activitiesLogged, int activitiesRequired, boolean done) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record VillageItem(long villageId, @Nullable ThemeRef theme, boolean themedEventLogged, boolean done) {
	}

	/** The month's theme a checklist village names. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record ThemeRef(long id, String title) {
	}

}
