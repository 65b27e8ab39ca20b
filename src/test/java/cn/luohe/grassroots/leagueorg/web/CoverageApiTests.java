package cn.luohe.grassroots.leagueorg.web;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Db;
import cn.luohe.grassroots.support.Identities;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.leagueorg.web.LeagueOrgFixtures.county;
import static cn.luohe.grassroots.leagueorg.web.LeagueOrgFixtures.created;
import static cn.luohe.grassroots.leagueorg.web.LeagueOrgFixtures.get;
import static cn.luohe.grassroots.leagueorg.web.LeagueOrgFixtures.indicator;
import static cn.luohe.grassroots.leagueorg.web.LeagueOrgFixtures.number;
import static cn.luohe.grassroots.leagueorg.web.LeagueOrgFixtures.org;
import static cn.luohe.grassroots.leagueorg.web.LeagueOrgFixtures.post;
import static cn.luohe.grassroots.leagueorg.web.LeagueOrgFixtures.unit;
import static cn.luohe.grassroots.support.Problems.expectProblem;
import static cn.luohe.grassroots.support.Responses.read;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The coverage dashboard (the test clock stands at 2026-12-03): every indicator for every
 * county, moving exactly with each record, flagged against pro-rated targets, scoped.
 */
class CoverageApiTests extends ApiTest {

	static final List<String> KEYS = List.of("schoolCoverage", "partyOrganizedPrivateEnterprises", "industrialParks",
			"aboveSizeEnterprises", "stateEnterprises", "leagueSocialOrganizations", "leagueSocialOrganizationCount",
			"topPrivateEnterprises", "federationEnterprises", "rideHailing", "expressDelivery",
			"townsWithVolunteerTeam", "countyTwoTeams", "youthHomesOnboarded", "organizationsPerHome", "activityRooms",
			"schoolActivityRooms", "leagueSchools", "educationCommittee", "socialGrowth");

	@Test
	@SuppressWarnings("unchecked")
	void shouldShowEveryIndicatorOfEveryCountyWithTheSeededTargetsCarriedForward() {
		WebTestClient admin = as(identities().withRole(Role.CITY_ADMIN, "4111"));
		Map<String, Object> coverage = get(admin, "/api/v1/org-building/coverage?year=2026");
		assertThat(coverage).containsEntry("month", "2026-12");
		List<Map<String, Object>> counties = (List<Map<String, Object>>) coverage.get("counties");
		assertThat(counties).hasSize(8).allSatisfy(county -> {
			assertThat((List<Map<String, Object>>) county.get("indicators")).extracting(i -> i.get("key"))
				.containsExactlyElementsOf(KEYS);
			assertThat(county.get("flag")).isIn("RED", "YELLOW", "BLACK", "NONE");
		});
		assertThat(read(coverage.get("city"), CityCoverage.class)).isNotNull();

		long linying = Db.orgId("411122");
		Map<String, Object> y2020 = get(admin, "/api/v1/org-building/coverage?year=2020&countyId=" + linying);
		assertThat(number(county(y2020), "newSocialOrgsTarget")).isEqualTo(200);
		assertThat(((Number) indicator(y2020, "topPrivateEnterprises").get("target")).doubleValue()).isEqualTo(0.90);
		assertThat(((Number) indicator(y2020, "activityRooms").get("target")).doubleValue()).isEqualTo(3);
		Map<String, Object> y2021 = get(admin, "/api/v1/org-building/coverage?year=2021&countyId=" + linying);
		assertThat(((Number) indicator(y2021, "federationEnterprises").get("target")).doubleValue()).isEqualTo(0.85);
		Map<String, Object> y2026 = get(admin, "/api/v1/org-building/coverage?year=2026&countyId=" + linying);
		assertThat(number(county(y2026), "newSocialOrgsTarget")).isEqualTo(200);
		assertThat(((Number) indicator(y2026, "topPrivateEnterprises").get("target")).doubleValue()).isEqualTo(1.0);
		assertThat(((Number) indicator(y2026, "townsWithVolunteerTeam").get("target")).doubleValue()).isEqualTo(0.8);
		Map<String, Object> zone = get(admin, "/api/v1/org-building/coverage?year=2020&countyId=" + Db.orgId("4111F2"));
		assertThat(((Number) indicator(zone, "activityRooms").get("target")).doubleValue()).isEqualTo(1);
		// the city's new social-sector target is the counties' (附件1: 1 000 in all)
		CityCoverage city = read(get(admin, "/api/v1/org-building/coverage?year=2020").get("city"), CityCoverage.class);
		assertThat(city.newSocialOrgsTarget()).isEqualTo(1000);
	}

	@Test
	@SuppressWarnings("unchecked")
	void shouldMoveExactlyWithEachOrganisationDissolutionAndMilestone() {
		WebTestClient secretary = as(identities().withRole(Role.COUNTY_SECRETARY, "411103"));
		WebTestClient admin = as(identities().withRole(Role.CITY_ADMIN, "4111"));
		long county = Db.orgId("411103");
		String uri = "/api/v1/org-building/coverage?year=2026&countyId=" + county;
		Map<String, Object> before = get(secretary, uri);
		CityCoverage cityBefore = read(get(admin, "/api/v1/org-building/coverage?year=2026").get("city"),
				CityCoverage.class);

		long school = unit(secretary, county, "MIDDLE_SCHOOL", Map.of());
		Map<String, Object> registered = get(secretary, uri);
		assertThat(delta(before, registered, "schoolCoverage", "denominator")).isEqualTo(1);
		assertThat(delta(before, registered, "schoolCoverage", "numerator")).isZero();
		assertThat(delta(before, registered, "leagueSchools", "denominator")).isEqualTo(1);

		long schoolOrg = org(secretary, school, "2026-03-01");
		created(post(secretary, "/api/v1/league-milestones",
				Map.of("kind", "LEAGUE_SCHOOL_FOUNDED", "hostUnitId", school, "occurredOn", "2026-04-01")));
		long enterprise = unit(secretary, county, "PRIVATE_ENTERPRISE", Map.of("aboveDesignatedSize", true));
		long socialOrg = org(secretary, enterprise, "2026-05-01");
		created(post(secretary, "/api/v1/league-milestones", Map.of("kind", "TOWN_VOLUNTEER_TEAM_FOUNDED", "townId",
				Db.orgId("411103001"), "occurredOn", "2026-06-01")));
		Map<String, Object> after = get(secretary, uri);
		assertThat(delta(before, after, "schoolCoverage", "numerator")).isEqualTo(1);
		assertThat(delta(before, after, "leagueSchools", "numerator")).isEqualTo(1);
		assertThat(delta(before, after, "aboveSizeEnterprises", "numerator")).isEqualTo(1);
		assertThat(delta(before, after, "aboveSizeEnterprises", "denominator")).isEqualTo(1);
		assertThat(delta(before, after, "townsWithVolunteerTeam", "numerator")).isEqualTo(1);
		assertThat(delta(before, after, "socialGrowth", "numerator")).isEqualTo(1);
		assertThat(number(county(after), "newSocialOrgs") - number(county(before), "newSocialOrgs")).isEqualTo(1);
		// the city moves by the same amounts
		CityCoverage cityAfter = read(get(admin, "/api/v1/org-building/coverage?year=2026").get("city"),
				CityCoverage.class);
		assertThat(cityAfter.newSocialOrgs() - cityBefore.newSocialOrgs()).isEqualTo(1);

		// up to February nothing of it had happened yet; the units were there
		Map<String, Object> february = get(secretary, uri + "&month=2026-02");
		assertThat(delta(before, february, "schoolCoverage", "numerator")).isLessThanOrEqualTo(0);
		assertThat(number(indicator(february, "schoolCoverage"), "denominator"))
			.isEqualTo(number(indicator(after, "schoolCoverage"), "denominator"));

		post(secretary, "/api/v1/league-orgs/" + schoolOrg + "/dissolution",
				Map.of("dissolvedOn", "2026-11-01", "reason", "合并"))
			.expectStatus()
			.isOk();
		post(secretary, "/api/v1/league-orgs/" + socialOrg + "/dissolution",
				Map.of("dissolvedOn", "2026-11-02", "reason", "注销"))
			.expectStatus()
			.isOk();
		Map<String, Object> dissolved = get(secretary, uri);
		assertThat(delta(before, dissolved, "schoolCoverage", "numerator")).isZero();
		assertThat(delta(before, dissolved, "socialGrowth", "numerator")).isZero();
		// founded this year it was, dissolved or not
		assertThat(number(county(dissolved), "newSocialOrgs") - number(county(before), "newSocialOrgs")).isEqualTo(1);
		// as of October both still stood
		Map<String, Object> october = get(secretary, uri + "&month=2026-10");
		assertThat(number(indicator(october, "schoolCoverage"), "numerator"))
			.isEqualTo(number(indicator(after, "schoolCoverage"), "numerator"));
	}

	@Test
	void shouldFlagAgainstTheTargetProRatedToTheMonthsGone() {
		WebTestClient secretary = as(identities().withRole(Role.COUNTY_SECRETARY, "411104"));
		long county = Db.orgId("411104");
		for (String day : List.of("2026-01-10", "2026-02-10")) {
			created(post(secretary, "/api/v1/league-milestones",
					Map.of("kind", "ACTIVITY_ROOM_OPENED", "countyId", county, "occurredOn", day)));
		}
		String uri = "/api/v1/org-building/coverage?year=2026&countyId=" + county;
		// 2 rooms of 3: half-way through the year 1.5 are expected (RED), at its end 3
		// (2/3: YELLOW)
		assertThat(indicator(get(secretary, uri + "&month=2026-06"), "activityRooms")).containsEntry("numerator", 2)
			.containsEntry("flag", "RED");
		assertThat(indicator(get(secretary, uri + "&month=2026-12"), "activityRooms")).containsEntry("flag", "YELLOW");
		assertThat(get(secretary, uri + "&month=2026-12")).containsEntry("elapsed", 1.0);
		// in 2025 there were none: BLACK
		assertThat(indicator(get(secretary, "/api/v1/org-building/coverage?year=2025&countyId=" + county),
				"activityRooms"))
			.containsEntry("numerator", 0)
			.containsEntry("flag", "BLACK");

		Map<String, Object> twoTeams = indicator(get(secretary, uri), "countyTwoTeams");
		assertThat(twoTeams).containsEntry("numerator", 0)
			.containsEntry("denominator", 1)
			.containsEntry("flag", "BLACK");
		created(post(secretary, "/api/v1/league-milestones", Map.of("kind", "COUNTY_VOLUNTEER_ASSOCIATION_FOUNDED",
				"countyId", county, "occurredOn", "2026-03-01")));
		assertThat(indicator(get(secretary, uri), "countyTwoTeams")).containsEntry("numerator", 0);
		created(post(secretary, "/api/v1/league-milestones",
				Map.of("kind", "COUNTY_ENTREPRENEURSHIP_ORG_FOUNDED", "countyId", county, "occurredOn", "2026-03-02")));
		assertThat(indicator(get(secretary, uri), "countyTwoTeams")).containsEntry("numerator", 1)
			.containsEntry("rate", 1.0)
			.containsEntry("flag", "RED");
		expectProblem(post(secretary, "/api/v1/league-milestones",
				Map.of("kind", "COUNTY_ENTREPRENEURSHIP_ORG_FOUNDED", "countyId", county, "occurredOn", "2026-04-02")),
				409, "MILESTONE_EXISTS");
		// an indicator with nothing to judge is NONE (no ride-hailing company in the
		// county)
		assertThat(indicator(get(secretary, uri), "rideHailing")).containsEntry("flag", "NONE")
			.containsEntry("rate", null);
	}

	@Test
	@SuppressWarnings("unchecked")
	void shouldKeepCountiesToThemselvesAndDepartmentsToTheirIndicators() {
		WebTestClient wuyang = as(identities().withRole(Role.COUNTY_SECRETARY, "411121"));
		Map<String, Object> own = get(wuyang, "/api/v1/org-building/coverage?year=2026");
		assertThat((List<Map<String, Object>>) own.get("counties")).singleElement()
			.satisfies(c -> assertThat(number(c, "orgId")).isEqualTo(Db.orgId("411121")));
		assertThat(own.get("city")).isNull();
		expectProblem(
				wuyang.get().uri("/api/v1/org-building/coverage?year=2026&countyId=" + Db.orgId("411122")).exchange(),
				403, "FORBIDDEN_SCOPE");

		WebTestClient schools = as(identities().withRole(Role.DEPARTMENT_STAFF, "4111-XSB"));
		Map<String, Object> theirs = get(schools, "/api/v1/org-building/coverage?year=2026");
		assertThat((List<Map<String, Object>>) theirs.get("counties")).hasSize(8)
			.allSatisfy(c -> assertThat((List<Map<String, Object>>) c.get("indicators")).extracting(i -> i.get("key"))
				.containsExactlyInAnyOrder("schoolCoverage", "schoolActivityRooms", "leagueSchools",
						"educationCommittee"));

		expectProblem(as(identities().withRole(Role.FIRST_SECRETARY, "411121100201")).get()
			.uri("/api/v1/org-building/coverage?year=2026")
			.exchange(), 403, "FORBIDDEN_ROLE");
	}

	@Test
	void shouldRefuseYearsAndMonthsOutsideTheRecord() {
		WebTestClient admin = as(identities().withRole(Role.CITY_ADMIN, "4111"));
		expectProblem(admin.get().uri("/api/v1/org-building/coverage?year=2019").exchange(), 400, "VALIDATION_FAILED");
		expectProblem(admin.get().uri("/api/v1/org-building/coverage?year=2027").exchange(), 400, "VALIDATION_FAILED");
		expectProblem(admin.get().uri("/api/v1/org-building/coverage?year=2026&month=2025-03").exchange(), 400,
				"VALIDATION_FAILED");
		expectProblem(admin.get().uri("/api/v1/org-building/coverage?year=2026&month=2026-13").exchange(), 400,
				"VALIDATION_FAILED");
		expectProblem(
				admin.get().uri("/api/v1/org-building/coverage?year=2026&countyId=" + Db.orgId("411121100")).exchange(),
				400, "VALIDATION_FAILED");
	}

	@Test
	void shouldLetOnlyCityAdminsSetTargetsWhichLaterYearsCarryForward() {
		WebTestClient admin = as(identities().withRole(Role.CITY_ADMIN, "4111"));
		long yuanhui = Db.orgId("411102");
		put(admin,
				Map.of("year", 2025, "countyId", yuanhui, "targets", Map.of("newSocialOrgs", 77, "activityRooms", 4)))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.targets.newSocialOrgs")
			.isEqualTo(77.0);
		assertThat(number(county(get(admin, "/api/v1/org-building/coverage?year=2026&countyId=" + yuanhui)),
				"newSocialOrgsTarget"))
			.isEqualTo(77);
		assertThat(number(county(get(admin, "/api/v1/org-building/coverage?year=2024&countyId=" + yuanhui)),
				"newSocialOrgsTarget"))
			.isEqualTo(180);
		get(admin, "/api/v1/org-building/targets?year=2026&countyId=" + yuanhui);

		expectProblem(
				put(as(identities().withRole(Role.COUNTY_SECRETARY, "411102")),
						Map.of("year", 2025, "countyId", yuanhui, "targets", Map.of("newSocialOrgs", 1))),
				403, "FORBIDDEN_ROLE");
		expectProblem(put(admin, Map.of("year", 2025, "targets", Map.of("warpSpeed", 1))), 400, "VALIDATION_FAILED");
		expectProblem(put(admin, Map.of("year", 2025, "targets", Map.of("schoolCoverage", 1.5))), 400,
				"VALIDATION_FAILED");
		assertThat(Db.count("SELECT count(*) FROM org_building_target WHERE indicator = 'warpSpeed'")).isZero();
		assertThat(Db.count("SELECT count(*) FROM league_org_audit WHERE action = 'TARGETS_SET'")).isPositive();
	}

	@Test
	@SuppressWarnings("unchecked")
	void shouldKeepTheMaintainedCountsEqualToARecount() throws Exception {
		WebTestClient admin = as(identities().withRole(Role.CITY_ADMIN, "4111"));
		long zone = Db.orgId("411171");
		java.util.Random random = new java.util.Random(16);
		List<String> kinds = List.of("MIDDLE_SCHOOL", "UNIVERSITY", "STATE_ENTERPRISE", "RIDE_HAILING",
				"LEAGUE_SOCIAL_ORGANIZATION", "INDUSTRIAL_PARK");
		List<Long> orgs = new java.util.ArrayList<>();
		for (int i = 0; i < 12; i++) {
			String kind = kinds.get(random.nextInt(kinds.size()));
			Map<String, Object> attributes = new HashMap<>();
			if (kind.equals("INDUSTRIAL_PARK")) {
				attributes.put("parkLevel", "COUNTY");
			}
			long unit = unit(admin, zone, kind, attributes);
			String founded = (2020 + random.nextInt(7)) + "-0" + (1 + random.nextInt(9)) + "-15";
			orgs.add(org(admin, unit, founded));
			if (kind.equals("MIDDLE_SCHOOL")) {
				created(post(admin, "/api/v1/league-milestones",
						Map.of("kind", "LEAGUE_SCHOOL_FOUNDED", "hostUnitId", unit, "occurredOn", founded)));
			}
		}
		for (int i = 0; i < 4; i++) {
			post(admin, "/api/v1/league-orgs/" + orgs.get(i) + "/dissolution",
					Map.of("dissolvedOn", "2026-11-2" + i, "reason", "测试"))
				.expectStatus()
				.isOk();
		}
		Map<String, Object> clean = reconcile(admin);
		assertThat((List<?>) clean.get("differences")).isEmpty();
		assertThat(number(clean, "checked")).isPositive();

		try (var connection = Identities.connect();
				var statement = connection.prepareStatement(
						"UPDATE org_building_count SET parks = parks + 5 WHERE county_id = ? AND month = '2026-12-01'")) {
			statement.setLong(1, zone);
			assertThat(statement.executeUpdate()).isEqualTo(1);
		}
		List<Map<String, Object>> found = (List<Map<String, Object>>) reconcile(admin).get("differences");
		assertThat(found).singleElement().satisfies(d -> {
			assertThat(d).containsEntry("figure", "parks").containsEntry("month", "2026-12");
			assertThat(number(d, "maintained") - number(d, "recounted")).isEqualTo(5);
		});
		assertThat((List<?>) reconcile(admin).get("differences")).isEmpty();
		expectProblem(as(identities().withRole(Role.CITY_LEADER, "4111")).post()
			.uri("/api/v1/org-building/reconciliations")
			.exchange(), 403, "FORBIDDEN_ROLE");
	}

	@Test
	void shouldCountEveryOneOfConcurrentWritersOfOneCounty() throws Exception {
		WebTestClient secretary = as(identities().withRole(Role.COUNTY_SECRETARY, "411122"));
		WebTestClient admin = as(identities().withRole(Role.CITY_ADMIN, "4111"));
		long county = Db.orgId("411122");
		String uri = "/api/v1/org-building/coverage?year=2026&countyId=" + county;
		List<Long> units = new java.util.ArrayList<>();
		for (int i = 0; i < 8; i++) {
			units.add(unit(secretary, county, "STATE_ENTERPRISE", Map.of()));
		}
		Map<String, Object> before = get(secretary, uri);
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
		try {
			List<java.util.concurrent.Future<Long>> writes = new java.util.ArrayList<>();
			for (long unit : units) {
				writes.add(pool.submit(() -> org(secretary, unit, "2026-07-01")));
			}
			for (java.util.concurrent.Future<Long> write : writes) {
				write.get(60, java.util.concurrent.TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		// each writer recounted under the county's lock, so none hid another's
		// organisation
		assertThat(delta(before, get(secretary, uri), "stateEnterprises", "numerator")).isEqualTo(8);
		assertThat((List<?>) reconcile(admin).get("differences")).isEmpty();
	}

	private Map<String, Object> reconcile(WebTestClient admin) {
		return admin.post()
			.uri("/api/v1/org-building/reconciliations")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	private static WebTestClient.ResponseSpec put(WebTestClient client, Map<String, ?> body) {
		return client.put()
			.uri("/api/v1/org-building/targets")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	private static long delta(Map<String, Object> before, Map<String, Object> after, String key, String field) {
		return number(indicator(after, key), field) - number(indicator(before, key), field);
	}

	/** The city's line of the coverage dashboard. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record CityCoverage(long newSocialOrgs, long newSocialOrgsTarget, String flag, List<Object> indicators) {
	}

}
