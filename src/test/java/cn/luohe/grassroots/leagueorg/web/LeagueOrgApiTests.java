package cn.luohe.grassroots.leagueorg.web;

import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Db;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.leagueorg.web.LeagueOrgFixtures.created;
import static cn.luohe.grassroots.support.Problems.expectProblem;
import static cn.luohe.grassroots.leagueorg.web.LeagueOrgFixtures.get;
import static cn.luohe.grassroots.leagueorg.web.LeagueOrgFixtures.id;
import static cn.luohe.grassroots.leagueorg.web.LeagueOrgFixtures.items;
import static cn.luohe.grassroots.leagueorg.web.LeagueOrgFixtures.org;
import static cn.luohe.grassroots.leagueorg.web.LeagueOrgFixtures.post;
import static cn.luohe.grassroots.leagueorg.web.LeagueOrgFixtures.unique;
import static cn.luohe.grassroots.leagueorg.web.LeagueOrgFixtures.unit;
import static org.assertj.core.api.Assertions.assertThat;

/** Host units and league organisations through the running service. */
class LeagueOrgApiTests extends ApiTest {

	static final String WUYANG = "411121";

	static final String LINYING = "411122";

	@Test
	void shouldRecordAUnitAndAnOrganisationWhoseDomainFollowsTheUnitsKind() {
		WebTestClient secretary = as(identities().withRole(Role.COUNTY_SECRETARY, WUYANG));
		long county = Db.orgId(WUYANG);
		Map<String, Object> unit = created(post(secretary, "/api/v1/host-units", Map.of("name", unique("舞阳一中"),
				"countyId", county, "townId", Db.orgId("411121100"), "kind", "MIDDLE_SCHOOL")));
		assertThat(unit.get("domain")).isEqualTo("SCHOOL");
		assertThat(unit.get("eligible")).isEqualTo(true);

		Map<String, Object> committee = created(post(secretary, "/api/v1/league-orgs",
				Map.of("name", "团委", "type", "COMMITTEE", "hostUnitId", id(unit), "foundedOn", "2026-09-01")));
		Map<String, Object> branch = created(
				post(secretary, "/api/v1/league-orgs", Map.of("name", "教工团支部", "type", "BRANCH", "hostUnitId", id(unit),
						"foundedOn", "2026-10-08", "teacherBranch", true, "parentId", id(committee))));
		assertThat(branch).containsEntry("domain", "SCHOOL")
			.containsEntry("teacherBranch", true)
			.containsEntry("status", "ACTIVE")
			.containsEntry("hostUnitKind", "MIDDLE_SCHOOL");
		assertThat(((Number) branch.get("countyId")).longValue()).isEqualTo(county);

		long enterprise = unit(secretary, county, "PRIVATE_ENTERPRISE", Map.of("aboveDesignatedSize", true));
		Map<String, Object> social = created(post(secretary, "/api/v1/league-orgs",
				Map.of("name", "团支部", "type", "BRANCH", "hostUnitId", enterprise, "foundedOn", "2026-11-02")));
		assertThat(social.get("domain")).isEqualTo("SOCIAL");

		List<Map<String, Object>> schoolOrgs = items(secretary,
				"/api/v1/league-orgs?countyId=" + county + "&domain=SCHOOL&hostUnitId=" + id(unit));
		assertThat(schoolOrgs).extracting(o -> o.get("name")).containsExactly("团委", "教工团支部");
		assertThat(items(secretary, "/api/v1/host-units?countyId=" + county + "&kind=PRIVATE_ENTERPRISE"))
			.extracting(u -> ((Number) u.get("id")).longValue())
			.contains(enterprise);
		// audited and in the live feed, in the same transaction as the record
		assertThat(
				Db.count("SELECT count(*) FROM league_org_audit WHERE action = 'LEAGUE_ORG_FOUNDED' AND subject_id = ?",
						id(branch)))
			.isEqualTo(1);
		assertThat(Db.count("SELECT count(*) FROM feed_event WHERE type = 'LEAGUE_ORG_FOUNDED' AND record_id = ?",
				id(branch)))
			.isEqualTo(1);
		assertThat(Db.count("SELECT count(*) FROM feed_event WHERE type = 'HOST_UNIT_REGISTERED' AND record_id = ?",
				id(unit)))
			.isEqualTo(1);
	}

	@Test
	void shouldDissolveWithDateAndReasonOnce() {
		WebTestClient secretary = as(identities().withRole(Role.COUNTY_SECRETARY, WUYANG));
		long unit = unit(secretary, Db.orgId(WUYANG), "STATE_ENTERPRISE", Map.of());
		long org = org(secretary, unit, "2026-03-01");

		Map<String, Object> dissolved = dissolve(secretary, org, "2026-11-30", "企业改制").expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(dissolved).containsEntry("status", "DISSOLVED")
			.containsEntry("dissolvedOn", "2026-11-30")
			.containsEntry("dissolutionReason", "企业改制");
		expectProblem(dissolve(secretary, org, "2026-12-01", "再次"), 409, "LEAGUE_ORG_DISSOLVED");
		assertThat(
				Db.count("SELECT count(*) FROM feed_event WHERE type = 'LEAGUE_ORG_DISSOLVED' AND record_id = ?", org))
			.isEqualTo(1);

		long other = org(secretary, unit, "2026-03-01");
		expectProblem(dissolve(secretary, other, "2026-02-01", "早于成立"), 400, "VALIDATION_FAILED");
		expectProblem(dissolve(secretary, other, "2027-01-01", "未来"), 400, "VALIDATION_FAILED");
		assertThat(get(secretary, "/api/v1/league-orgs/" + other).get("status")).isEqualTo("ACTIVE");
	}

	@Test
	void shouldKeepSiblingCountiesApart() {
		WebTestClient wuyang = as(identities().withRole(Role.COUNTY_SECRETARY, WUYANG));
		WebTestClient linying = as(identities().withRole(Role.COUNTY_SECRETARY, LINYING));
		long unit = unit(wuyang, Db.orgId(WUYANG), "SOCIAL_ORGANIZATION", Map.of());
		long org = org(wuyang, unit, "2026-05-05");

		expectProblem(linying.get().uri("/api/v1/host-units/" + unit).exchange(), 403, "FORBIDDEN_SCOPE");
		expectProblem(linying.get().uri("/api/v1/league-orgs/" + org).exchange(), 403, "FORBIDDEN_SCOPE");
		expectProblem(linying.get().uri("/api/v1/host-units?countyId=" + Db.orgId(WUYANG)).exchange(), 403,
				"FORBIDDEN_SCOPE");
		expectProblem(linying.get().uri("/api/v1/league-orgs?countyId=" + Db.orgId(WUYANG)).exchange(), 403,
				"FORBIDDEN_SCOPE");
		assertThat(items(linying, "/api/v1/host-units?limit=200"))
			.allSatisfy(u -> assertThat(((Number) u.get("countyId")).longValue()).isEqualTo(Db.orgId(LINYING)));
		assertThat(items(linying, "/api/v1/league-orgs?limit=200")).extracting(o -> ((Number) o.get("id")).longValue())
			.doesNotContain(org);
		// nor may it record there
		expectProblem(
				post(linying, "/api/v1/league-orgs",
						Map.of("name", "越界", "type", "BRANCH", "hostUnitId", unit, "foundedOn", "2026-05-05")),
				403, "FORBIDDEN_SCOPE");
		expectProblem(dissolve(linying, org, "2026-11-01", "越界"), 403, "FORBIDDEN_SCOPE");
		// a youth home manager records nothing of this
		expectProblem(
				post(as(identities().withRole(Role.FIRST_SECRETARY, "411121100201")), "/api/v1/host-units",
						Map.of("name", unique("x"), "countyId", Db.orgId(WUYANG), "kind", "STATE_ENTERPRISE")),
				403, "FORBIDDEN_ROLE");
	}

	@Test
	void shouldShowADepartmentOnlyItsDomainsCityWide() {
		WebTestClient admin = as(identities().withRole(Role.CITY_ADMIN, "4111"));
		long school = unit(admin, Db.orgId(LINYING), "VOCATIONAL_SCHOOL", Map.of());
		long enterprise = unit(admin, Db.orgId(WUYANG), "PRIVATE_ENTERPRISE", Map.of());
		long member = unit(admin, Db.orgId(WUYANG), "PRIVATE_ENTERPRISE", Map.of("youthFederationMember", true));
		WebTestClient schools = as(identities().withRole(Role.DEPARTMENT_STAFF, "4111-XSB"));
		WebTestClient unitedFront = as(identities().withRole(Role.DEPARTMENT_STAFF, "4111-TZB"));

		assertThat(items(schools, "/api/v1/host-units?limit=200"))
			.allSatisfy(u -> assertThat(u.get("domain")).isEqualTo("SCHOOL"))
			.extracting(u -> ((Number) u.get("id")).longValue())
			.contains(school);
		get(schools, "/api/v1/host-units/" + school);
		expectProblem(schools.get().uri("/api/v1/host-units/" + enterprise).exchange(), 403, "FORBIDDEN_SCOPE");
		assertThat(items(unitedFront, "/api/v1/host-units?countyId=" + Db.orgId(WUYANG) + "&limit=200"))
			.extracting(u -> ((Number) u.get("id")).longValue())
			.contains(member)
			.doesNotContain(enterprise, school);

		// the school department records in its domain anywhere in the city, and only
		// there
		long own = unit(schools, Db.orgId(WUYANG), "MIDDLE_SCHOOL", Map.of());
		org(schools, own, "2026-04-01");
		expectProblem(
				post(schools, "/api/v1/host-units",
						Map.of("name", unique("企业"), "countyId", Db.orgId(WUYANG), "kind", "STATE_ENTERPRISE")),
				403, "FORBIDDEN_SCOPE");
		expectProblem(
				post(schools, "/api/v1/league-orgs",
						Map.of("name", "团支部", "type", "BRANCH", "hostUnitId", enterprise, "foundedOn", "2026-04-01")),
				403, "FORBIDDEN_SCOPE");
	}

	@Test
	void shouldRefuseBadInputWithProblemJsonAndWriteNothing() {
		WebTestClient secretary = as(identities().withRole(Role.COUNTY_SECRETARY, WUYANG));
		long county = Db.orgId(WUYANG);
		String name = unique("未知");
		long units = Db.count("SELECT count(*) FROM host_unit");
		long orgs = Db.count("SELECT count(*) FROM league_org");

		expectProblem(
				post(secretary, "/api/v1/host-units", Map.of("name", name, "countyId", county, "kind", "SPACESHIP")),
				400, "VALIDATION_FAILED")
			.jsonPath("$.errors[0].field")
			.isEqualTo("kind");
		expectProblem(post(secretary, "/api/v1/host-units",
				Map.of("name", name, "countyId", county, "townId", Db.orgId("411104104"), "kind", "STATE_ENTERPRISE")),
				400, "VALIDATION_FAILED")
			.jsonPath("$.errors[0].field")
			.isEqualTo("townId");
		expectProblem(
				post(secretary, "/api/v1/host-units",
						Map.of("name", name, "countyId", Db.orgId("411121100"), "kind", "STATE_ENTERPRISE")),
				400, "VALIDATION_FAILED");
		expectProblem(post(secretary, "/api/v1/host-units",
				Map.of("name", name, "countyId", county, "kind", "INDUSTRIAL_PARK")), 400, "VALIDATION_FAILED")
			.jsonPath("$.errors[0].field")
			.isEqualTo("parkLevel");
		long linyingPark = unit(as(identities().withRole(Role.CITY_ADMIN, "4111")), Db.orgId(LINYING),
				"INDUSTRIAL_PARK", Map.of("parkLevel", "PROVINCIAL"));
		units++;
		expectProblem(
				post(secretary, "/api/v1/host-units",
						Map.of("name", name, "countyId", county, "kind", "PRIVATE_ENTERPRISE", "parkId", linyingPark)),
				400, "VALIDATION_FAILED")
			.jsonPath("$.errors[0].field")
			.isEqualTo("parkId");

		long unit = unit(secretary, county, "SOCIAL_ORGANIZATION", Map.of());
		units++;
		long linyingOrg = org(as(identities().withRole(Role.CITY_ADMIN, "4111")), linyingPark, "2026-01-01");
		orgs++;
		expectProblem(
				post(secretary, "/api/v1/league-orgs",
						Map.of("name", "团支部", "type", "BRANCH", "hostUnitId", unit, "foundedOn", "2026-12-04")),
				400, "VALIDATION_FAILED")
			.jsonPath("$.errors[0].field")
			.isEqualTo("foundedOn");
		expectProblem(
				post(secretary, "/api/v1/league-orgs",
						Map.of("name", "团支部", "type", "CLUB", "hostUnitId", unit, "foundedOn", "2026-12-01")),
				400, "VALIDATION_FAILED");
		expectProblem(
				post(secretary, "/api/v1/league-orgs",
						Map.of("name", "团支部", "type", "BRANCH", "hostUnitId", unit, "foundedOn", "2026-12-01",
								"parentId", linyingOrg)),
				400, "VALIDATION_FAILED")
			.jsonPath("$.errors[0].field")
			.isEqualTo("parentId");
		expectProblem(post(secretary, "/api/v1/league-orgs", Map.of("name", "教工团支部", "type", "BRANCH", "hostUnitId",
				unit, "foundedOn", "2026-12-01", "teacherBranch", true)), 400, "VALIDATION_FAILED");
		expectProblem(
				post(secretary, "/api/v1/league-orgs",
						Map.of("name", "团支部", "type", "BRANCH", "hostUnitId", 999_999_999L, "foundedOn", "2026-12-01")),
				400, "VALIDATION_FAILED");
		expectProblem(
				post(secretary, "/api/v1/league-orgs",
						Map.of("name", "团支部", "type", "BRANCH", "hostUnitId", unit, "foundedOn", "2026-13-01")),
				400, "MALFORMED_REQUEST");

		created(post(secretary, "/api/v1/league-orgs",
				Map.of("name", "团支部", "type", "BRANCH", "hostUnitId", unit, "foundedOn", "2026-12-01")));
		orgs++;
		expectProblem(
				post(secretary, "/api/v1/league-orgs",
						Map.of("name", "团支部", "type", "GENERAL_BRANCH", "hostUnitId", unit, "foundedOn", "2026-11-01")),
				409, "LEAGUE_ORG_EXISTS");
		String existing = (String) get(secretary, "/api/v1/host-units/" + unit).get("name");
		expectProblem(
				post(secretary, "/api/v1/host-units",
						Map.of("name", existing, "countyId", county, "kind", "STATE_ENTERPRISE")),
				409, "HOST_UNIT_EXISTS");

		assertThat(Db.count("SELECT count(*) FROM host_unit")).isEqualTo(units);
		assertThat(Db.count("SELECT count(*) FROM league_org")).isEqualTo(orgs);
		assertThat(Db.count("SELECT count(*) FROM host_unit WHERE name = ?", name)).isZero();
	}

	@Test
	void shouldAnswerAReplayWithTheFirstResponseAndRefuseAReusedKey() {
		WebTestClient secretary = as(identities().withRole(Role.COUNTY_SECRETARY, WUYANG));
		long unit = unit(secretary, Db.orgId(WUYANG), "EXPRESS_DELIVERY", Map.of());
		Map<String, Object> body = Map.of("name", "快递团支部", "type", "BRANCH", "hostUnitId", unit, "foundedOn",
				"2026-10-10");
		String key = unique("key");
		long first = id(created(keyed(secretary, "/api/v1/league-orgs", key, body)));
		long again = id(created(keyed(secretary, "/api/v1/league-orgs", key, body)));
		assertThat(again).isEqualTo(first);
		assertThat(Db.count("SELECT count(*) FROM league_org WHERE host_unit_id = ?", unit)).isEqualTo(1);
		assertThat(
				Db.count("SELECT count(*) FROM feed_event WHERE type = 'LEAGUE_ORG_FOUNDED' AND record_id = ?", first))
			.isEqualTo(1);
		expectProblem(
				keyed(secretary, "/api/v1/league-orgs", key,
						Map.of("name", "另一个", "type", "BRANCH", "hostUnitId", unit, "foundedOn", "2026-10-10")),
				422, "IDEMPOTENCY_KEY_REUSED");
	}

	@Test
	void shouldSeedTheFourCollegesAsCityLevelUnits() {
		WebTestClient admin = as(identities().withRole(Role.CITY_ADMIN, "4111"));
		assertThat(items(admin, "/api/v1/host-units?countyId=" + Db.orgId("4111") + "&kind=UNIVERSITY&limit=200"))
			.extracting(u -> u.get("name"))
			.contains("漯河职业技术学院", "漯河医学高等专科学校", "漯河技师学院", "漯河食品职业学院");
	}

	@Test
	void shouldLetTheRecordersCorrectAUnitsAttributes() {
		WebTestClient secretary = as(identities().withRole(Role.COUNTY_SECRETARY, WUYANG));
		long unit = unit(secretary, Db.orgId(WUYANG), "PRIVATE_ENTERPRISE", Map.of());
		Map<String, Object> corrected = secretary.patch()
			.uri("/api/v1/host-units/" + unit)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("partyOrganized", true, "cityTop20", true))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(corrected).containsEntry("partyOrganized", true)
			.containsEntry("cityTop20", true)
			.containsEntry("aboveDesignatedSize", false);
		expectProblem(as(identities().withRole(Role.COUNTY_SECRETARY, LINYING)).patch()
			.uri("/api/v1/host-units/" + unit)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("partyOrganized", false))
			.exchange(), 403, "FORBIDDEN_SCOPE");
		assertThat(Db.count(
				"SELECT count(*) FROM league_org_audit WHERE action = 'HOST_UNIT_CORRECTED' AND subject_id = ?", unit))
			.isEqualTo(1);
	}

	@Test
	void shouldShowEveryChangeInTheLiveFeedOfTheCounty() {
		WebTestClient secretary = as(identities().withRole(Role.COUNTY_SECRETARY, "411104"));
		long town = Db.orgId("411104104");
		String name = unique("姬石中学");
		long unit = id(created(post(secretary, "/api/v1/host-units",
				Map.of("name", name, "countyId", Db.orgId("411104"), "townId", town, "kind", "MIDDLE_SCHOOL"))));
		long org = org(secretary, unit, "2026-09-01");
		dissolve(secretary, org, "2026-11-01", "合并").expectStatus().isOk();
		created(post(secretary, "/api/v1/league-milestones",
				Map.of("kind", "LEAGUE_SCHOOL_FOUNDED", "hostUnitId", unit, "occurredOn", "2026-10-01")));

		// history answers what the relay has published (a moment after the commit)
		List<Map<String, Object>> history = Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(10))
			.until(() -> items(secretary, "/api/v1/feed?limit=4"),
					events -> !events.isEmpty() && "league_milestone.recorded".equals(events.get(0).get("type")));
		assertThat(history).extracting(e -> e.get("type"))
			.containsExactly("league_milestone.recorded", "league_org.dissolved", "league_org.founded",
					"host_unit.registered");
		assertThat(history).allSatisfy(e -> {
			assertThat(((Number) e.get("townId")).longValue()).isEqualTo(town);
			assertThat(((Number) e.get("countyId")).longValue()).isEqualTo(Db.orgId("411104"));
		});
		assertThat(history.get(3).get("summary")).isEqualTo(name);
		// a sibling county's secretary is not told
		assertThat(items(as(identities().withRole(Role.COUNTY_SECRETARY, LINYING)), "/api/v1/feed?limit=200"))
			.extracting(e -> e.get("summary"))
			.doesNotContain(name);
	}

	private WebTestClient.ResponseSpec dissolve(WebTestClient client, long org, String on, String reason) {
		return post(client, "/api/v1/league-orgs/" + org + "/dissolution", Map.of("dissolvedOn", on, "reason", reason));
	}

	private static WebTestClient.ResponseSpec keyed(WebTestClient client, String path, String key,
			Map<String, ?> body) {
		return client.post()
			.uri(path)
			.header("Idempotency-Key", key)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

}
