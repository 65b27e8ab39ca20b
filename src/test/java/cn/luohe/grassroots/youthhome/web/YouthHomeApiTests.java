package cn.luohe.grassroots.youthhome.web;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Db;
import cn.luohe.grassroots.support.Responses;
import cn.luohe.grassroots.support.Responses.Identified;
import cn.luohe.grassroots.support.Responses.Page;
import cn.luohe.grassroots.support.TestUser;
import cn.luohe.grassroots.youthhome.web.YouthHomeTestViews.Location;
import cn.luohe.grassroots.youthhome.web.YouthHomeTestViews.YouthHome;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import static cn.luohe.grassroots.support.Problems.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** The Youth Home registry: who registers, edits, delists and reads homes. */
class YouthHomeApiTests extends ApiTest {

	private static final String WUYANG = "411121";

	private static final String WUQUAN = "411121100";

	private static final String WUCHENG = "411121101";

	@Autowired
	private BusinessClock clock;

	@Test
	void shouldLetACountySecretaryRegisterAHomeInATownOfTheCounty() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);

		YouthHome home = as(secretary).post()
			.uri("/api/v1/youth-homes")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", " 舞泉镇青年之家 ", "townId", Db.orgId(WUQUAN), "address", "舞阳县舞泉镇人民路1号", "location",
					Map.of("lat", 33.4371, "lng", 113.6094, "coordSystem", "GCJ02")))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(YouthHome.class)
			.returnResult()
			.getResponseBody();

		assertThat(home.name()).isEqualTo("舞泉镇青年之家");
		assertThat(home.townName()).isEqualTo("舞泉镇");
		assertThat(home.status()).isEqualTo("ACTIVE");
		assertThat(home.demonstration()).isFalse();
		assertThat(home.cloudPlatformOnboarded()).isFalse();
		assertThat(home.cloudPlatformOnboardedAt()).isNull();
		assertThat(home.delistedAt()).isNull();
		Location location = home.location();
		assertThat(location).isNotNull();
		assertThat(location.coordSystem()).isEqualTo("GCJ02");
		assertThat(location.accuracy()).isNull();
		long id = home.id();
		as(secretary).get().uri("/api/v1/youth-homes/{id}", id).exchange().expectStatus().isOk();
		assertThat(ids(secretary, "/api/v1/youth-homes?townId=" + Db.orgId(WUQUAN))).contains(id);
		assertThat(ids(secretary, "/api/v1/youth-homes?countyId=" + Db.orgId(WUYANG))).contains(id);
		assertThat(ids(secretary, "/api/v1/youth-homes?townId=" + Db.orgId(WUCHENG))).doesNotContain(id);
	}

	@Test
	void shouldRefuseHomesOutsideTheCallersScopeOrRole() {
		TestUser otherSecretary = identities().withRole(Role.COUNTY_SECRETARY, "411122");
		TestUser firstSecretary = identities().withRole(Role.FIRST_SECRETARY, "411121100201");
		Map<String, Object> body = Map.of("name", "青年之家", "townId", Db.orgId(WUQUAN));

		expectProblem(as(otherSecretary).post().uri("/api/v1/youth-homes").bodyValue(body).exchange(), 403,
				"FORBIDDEN_SCOPE");
		expectProblem(as(firstSecretary).post().uri("/api/v1/youth-homes").bodyValue(body).exchange(), 403,
				"FORBIDDEN_ROLE");
		long home = register(identities().withRole(Role.COUNTY_SECRETARY, WUYANG), "舞泉镇第二青年之家");
		expectProblem(as(otherSecretary).get().uri("/api/v1/youth-homes/{id}", home).exchange(), 403,
				"FORBIDDEN_SCOPE");
		expectProblem(as(otherSecretary).patch()
			.uri("/api/v1/youth-homes/{id}", home)
			.bodyValue(Map.of("demonstration", true))
			.exchange(), 403, "FORBIDDEN_SCOPE");
	}

	@Test
	void shouldRequireATownForAHome() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);

		expectProblem(as(secretary).post()
			.uri("/api/v1/youth-homes")
			.bodyValue(Map.of("name", "青年之家", "townId", Db.orgId(WUYANG)))
			.exchange(), 422, "NOT_A_TOWN");
		expectProblem(as(secretary).post()
			.uri("/api/v1/youth-homes")
			.bodyValue(Map.of("name", "x".repeat(101), "townId", Db.orgId(WUQUAN)))
			.exchange(), 400, "VALIDATION_FAILED");
		expectProblem(as(secretary).get().uri("/api/v1/youth-homes").exchange(), 400, "VALIDATION_FAILED");
		expectProblem(as(secretary).get().uri("/api/v1/youth-homes?countyId={id}", Db.orgId(WUQUAN)).exchange(), 422,
				"NOT_A_COUNTY");
		expectProblem(as(secretary).get().uri("/api/v1/youth-homes/{id}", Long.MAX_VALUE).exchange(), 404, "NOT_FOUND");
	}

	@Test
	void shouldMarkDemonstrationSitesAndCloudPlatformOnboarding() {
		TestUser admin = identities().withRole(Role.CITY_ADMIN, "4111");
		long home = register(admin, "吴城镇青年之家", WUCHENG);
		String today = this.clock.today().toString();

		as(admin).patch()
			.uri("/api/v1/youth-homes/{id}", home)
			.bodyValue(Map.of("demonstration", true, "cloudPlatformOnboarded", true, "cloudPlatformOnboardedAt", today,
					"address", "吴城镇政府院内"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.demonstration")
			.isEqualTo(true)
			.jsonPath("$.cloudPlatformOnboarded")
			.isEqualTo(true)
			.jsonPath("$.cloudPlatformOnboardedAt")
			.isEqualTo(today)
			.jsonPath("$.address")
			.isEqualTo("吴城镇政府院内")
			.jsonPath("$.name")
			.isEqualTo("吴城镇青年之家");
		expectProblem(as(admin).patch()
			.uri("/api/v1/youth-homes/{id}", home)
			.bodyValue(Map.of("cloudPlatformOnboarded", false, "cloudPlatformOnboardedAt", today))
			.exchange(), 422, "CLOUD_PLATFORM_NOT_ONBOARDED");
		expectProblem(as(admin).patch()
			.uri("/api/v1/youth-homes/{id}", home)
			.bodyValue(Map.of("cloudPlatformOnboardedAt", this.clock.today().plusDays(1).toString()))
			.exchange(), 422, "ONBOARDED_IN_FUTURE");
		as(admin).patch()
			.uri("/api/v1/youth-homes/{id}", home)
			.bodyValue(Map.of("cloudPlatformOnboarded", false))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.cloudPlatformOnboardedAt")
			.isEmpty();
	}

	@Test
	void shouldNotLetAManagerEditTheRegistry() {
		long home = register(identities().withRole(Role.COUNTY_SECRETARY, WUYANG), "舞泉镇第三青年之家");
		TestUser manager = identities().newUser("管理员");
		identities().grant(manager, Role.YOUTH_HOME_MANAGER, WUQUAN, home);

		as(manager).get().uri("/api/v1/youth-homes/{id}", home).exchange().expectStatus().isOk();
		expectProblem(as(manager).patch()
			.uri("/api/v1/youth-homes/{id}", home)
			.bodyValue(Map.of("status", "DELISTED"))
			.exchange(), 403, "FORBIDDEN_ROLE");
	}

	@Test
	void shouldRegisterTheYouthOrganizationsAHomeIncubates() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		long home = register(secretary, "舞泉镇第四青年之家");
		TestUser manager = identities().newUser("管理员");
		identities().grant(manager, Role.YOUTH_HOME_MANAGER, WUQUAN, home);
		String founded = this.clock.today().minusYears(1).toString();

		as(manager).post()
			.uri("/api/v1/youth-homes/{id}/organizations", home)
			.bodyValue(Map.of("name", "舞泉青年志愿者协会", "type", "VOLUNTEER_SERVICE", "foundedOn", founded))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("VOLUNTEER_SERVICE")
			.jsonPath("$.foundedOn")
			.isEqualTo(founded);
		as(manager).post()
			.uri("/api/v1/youth-homes/{id}/organizations", home)
			.bodyValue(Map.of("name", "舞泉青年读书会", "type", "THEORY_STUDY", "foundedOn", founded))
			.exchange()
			.expectStatus()
			.isCreated();
		expectProblem(as(manager).post()
			.uri("/api/v1/youth-homes/{id}/organizations", home)
			.bodyValue(Map.of("name", "舞泉青年读书会", "type", "INTEREST", "foundedOn", founded))
			.exchange(), 409, "YOUTH_ORGANIZATION_EXISTS");
		expectProblem(as(manager).post()
			.uri("/api/v1/youth-homes/{id}/organizations", home)
			.bodyValue(Map.of("name", "舞泉青年篮球队", "type", "BASKETBALL", "foundedOn", founded))
			.exchange(), 400, "VALIDATION_FAILED");

		as(secretary).get()
			.uri("/api/v1/youth-homes/{id}/organizations", home)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.items.length()")
			.isEqualTo(2)
			.jsonPath("$.items[*].name")
			.value(names -> assertThat((List<String>) names).containsExactly("舞泉青年志愿者协会", "舞泉青年读书会"));
	}

	@Test
	void shouldDefaultListsToTheCurrentMonth() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		long home = register(secretary, "舞泉镇第五青年之家");
		YearMonth current = this.clock.currentMonth();

		as(secretary).get()
			.uri("/api/v1/youth-homes/{id}/activities?month={m}", home, current.toString())
			.exchange()
			.expectStatus()
			.isOk();
		expectProblem(as(secretary).get().uri("/api/v1/youth-homes/{id}/activities?month=2026-13", home).exchange(),
				400, "VALIDATION_FAILED");
	}

	private long register(TestUser user, String name) {
		return register(user, name, WUQUAN);
	}

	private long register(TestUser user, String name, String townCode) {
		YouthHome home = as(user).post()
			.uri("/api/v1/youth-homes")
			.bodyValue(Map.of("name", name, "townId", Db.orgId(townCode)))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(YouthHome.class)
			.returnResult()
			.getResponseBody();
		return home.id();
	}

	/** Every id of the list, page by page. */
	private List<Long> ids(TestUser user, String uri) {
		List<Long> ids = new ArrayList<>();
		String cursor = null;
		do {
			Page<Identified> page = as(user).get()
				.uri(uri + "&limit=200" + ((cursor != null) ? "&cursor=" + cursor : ""))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(Responses.page(Identified.class))
				.returnResult()
				.getResponseBody();
			page.items().forEach(item -> ids.add(item.id()));
			cursor = page.nextCursor();
		}
		while (cursor != null);
		return ids;
	}

}
