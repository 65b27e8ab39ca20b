package cn.luohe.grassroots.leagueorg.web;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.leagueorg.web.LeagueOrgTestViews.CityCoverage;
import cn.luohe.grassroots.leagueorg.web.LeagueOrgTestViews.Coverage;
import cn.luohe.grassroots.leagueorg.web.LeagueOrgTestViews.CountyCoverage;
import cn.luohe.grassroots.leagueorg.web.LeagueOrgTestViews.Difference;
import cn.luohe.grassroots.leagueorg.web.LeagueOrgTestViews.Indicator;
import cn.luohe.grassroots.leagueorg.web.LeagueOrgTestViews.Reconciliation;
import cn.luohe.grassroots.leagueorg.web.LeagueOrgTestViews.Targets;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Db;
import cn.luohe.grassroots.support.Identities;
import cn.luohe.grassroots.support.Responses.Identified;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.leagueorg.web.LeagueOrgFixtures.city;
import static cn.luohe.grassroots.leagueorg.web.LeagueOrgFixtures.county;
import static cn.luohe.grassroots.leagueorg.web.LeagueOrgFixtures.coverage;
import static cn.luohe.grassroots.leagueorg.web.LeagueOrgFixtures.created;
import static cn.luohe.grassroots.leagueorg.web.LeagueOrgFixtures.get;
import static cn.luohe.grassroots.leagueorg.web.LeagueOrgFixtures.indicator;
import static cn.luohe.grassroots.leagueorg.web.LeagueOrgFixtures.org;
import static cn.luohe.grassroots.leagueorg.web.LeagueOrgFixtures.post;
import static cn.luohe.grassroots.leagueorg.web.LeagueOrgFixtures.unit;
import static cn.luohe.grassroots.support.Problems.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The coverage dashboard (the test clock stands at 2026-12-03): every indicator for every
 * county, moving exactly with each record, flagged against pro-rated targets, scoped.
 */
class CoverageApiTests extends ApiTest {

	private static final ToLongFunction<Indicator> NUMERATOR = Indicator::numerator;

	/**
	 * A rate's denominator; a count has none (it fails, as reading it from a map did).
	 */
	private static final ToLongFunction<Indicator> DENOMINATOR = i -> {
		assertThat(i.denominator()).as("the denominator of %s", i.key()).isNotNull();
		return i.denominator();
	};

	static final List<String> KEYS = List.of("schoolCoverage", "partyOrganizedPrivateEnterprises", "industrialParks",
			"aboveSizeEnterprises", "stateEnterprises", "leagueSocialOrganizations", "leagueSocialOrganizationCount",
			"topPrivateEnterprises", "federationEnterprises", "rideHailing", "expressDelivery",
			"townsWithVolunteerTeam", "countyTwoTeams", "youthHomesOnboarded", "organizationsPerHome", "activityRooms",
			"schoolActivityRooms", "leagueSchools", "educationCommittee", "socialGrowth");

	@Test
	void shouldShowEveryIndicatorOfEveryCountyWithTheSeededTargetsCarriedForward() {
		WebTestClient admin = as(identities().withRole(Role.CITY_ADMIN, "4111"));
		Coverage coverage = coverage(admin, "/api/v1/org-building/coverage?year=2026");
		assertThat(coverage.month()).isEqualTo("2026-12");
		assertThat(coverage.counties()).hasSize(8).allSatisfy(county -> {
			assertThat(county.indicators()).extracting(Indicator::key).containsExactlyElementsOf(KEYS);
			assertThat(county.flag()).isIn("RED", "YELLOW", "BLACK", "NONE");
		});
		assertThat(city(coverage)).isNotNull();

		long linying = Db.orgId("411122");
		Coverage y2020 = coverage(admin, "/api/v1/org-building/coverage?year=2020&countyId=" + linying);
		assertThat(county(y2020).newSocialOrgsTarget()).isEqualTo(200);
		assertThat(indicator(y2020, "topPrivateEnterprises").target()).isEqualTo(0.90);
		assertThat(indicator(y2020, "activityRooms").target()).isEqualTo(3);
		Coverage y2021 = coverage(admin, "/api/v1/org-building/coverage?year=2021&countyId=" + linying);
		assertThat(indicator(y2021, "federationEnterprises").target()).isEqualTo(0.85);
		Coverage y2026 = coverage(admin, "/api/v1/org-building/coverage?year=2026&countyId=" + linying);
		assertThat(county(y2026).newSocialOrgsTarget()).isEqualTo(200);
		assertThat(indicator(y2026, "topPrivateEnterprises").target()).isEqualTo(1.0);
		assertThat(indicator(y2026, "townsWithVolunteerTeam").target()).isEqualTo(0.8);
		Coverage zone = coverage(admin, "/api/v1/org-building/coverage?year=2020&countyId=" + Db.orgId("4111F2"));
		assertThat(indicator(zone, "activityRooms").target()).isEqualTo(1);
		// the city's new social-sector target is the counties' (附件1: 1 000 in all)
		CityCoverage city = city(coverage(admin, "/api/v1/org-building/coverage?year=2020"));
		assertThat(city.newSocialOrgsTarget()).isEqualTo(1000);
	}

	@Test
	void shouldMoveExactlyWithEachOrganisationDissolutionAndMilestone() {
		WebTestClient secretary = as(identities().withRole(Role.COUNTY_SECRETARY, "411103"));
		WebTestClient admin = as(identities().withRole(Role.CITY_ADMIN, "4111"));
		long county = Db.orgId("411103");
		String uri = "/api/v1/org-building/coverage?year=2026&countyId=" + county;
		Coverage before = coverage(secretary, uri);
		CityCoverage cityBefore = city(coverage(admin, "/api/v1/org-building/coverage?year=2026"));

		long school = unit(secretary, county, "MIDDLE_SCHOOL", Map.of());
		Coverage registered = coverage(secretary, uri);
		assertThat(delta(before, registered, "schoolCoverage", DENOMINATOR)).isEqualTo(1);
		assertThat(delta(before, registered, "schoolCoverage", NUMERATOR)).isZero();
		assertThat(delta(before, registered, "leagueSchools", DENOMINATOR)).isEqualTo(1);

		long schoolOrg = org(secretary, school, "2026-03-01");
		created(post(secretary, "/api/v1/league-milestones",
				Map.of("kind", "LEAGUE_SCHOOL_FOUNDED", "hostUnitId", school, "occurredOn", "2026-04-01")),
				Identified.class);
		long enterprise = unit(secretary, county, "PRIVATE_ENTERPRISE", Map.of("aboveDesignatedSize", true));
		long socialOrg = org(secretary, enterprise, "2026-05-01");
		created(post(secretary, "/api/v1/league-milestones", Map.of("kind", "TOWN_VOLUNTEER_TEAM_FOUNDED", "townId",
				Db.orgId("411103001"), "occurredOn", "2026-06-01")), Identified.class);
		Coverage after = coverage(secretary, uri);
		assertThat(delta(before, after, "schoolCoverage", NUMERATOR)).isEqualTo(1);
		assertThat(delta(before, after, "leagueSchools", NUMERATOR)).isEqualTo(1);
		assertThat(delta(before, after, "aboveSizeEnterprises", NUMERATOR)).isEqualTo(1);
		assertThat(delta(before, after, "aboveSizeEnterprises", DENOMINATOR)).isEqualTo(1);
		assertThat(delta(before, after, "townsWithVolunteerTeam", NUMERATOR)).isEqualTo(1);
		assertThat(delta(before, after, "socialGrowth", NUMERATOR)).isEqualTo(1);
		assertThat(county(after).newSocialOrgs() - county(before).newSocialOrgs()).isEqualTo(1);
		// the city moves by the same amounts
		CityCoverage cityAfter = city(coverage(admin, "/api/v1/org-building/coverage?year=2026"));
		assertThat(cityAfter.newSocialOrgs() - cityBefore.newSocialOrgs()).isEqualTo(1);

		// up to February nothing of it had happened yet; the units were there
		Coverage february = coverage(secretary, uri + "&month=2026-02");
		assertThat(delta(before, february, "schoolCoverage", NUMERATOR)).isLessThanOrEqualTo(0);
		assertThat(DENOMINATOR.applyAsLong(indicator(february, "schoolCoverage")))
			.isEqualTo(DENOMINATOR.applyAsLong(indicator(after, "schoolCoverage")));

		post(secretary, "/api/v1/league-orgs/" + schoolOrg + "/dissolution",
				Map.of("dissolvedOn", "2026-11-01", "reason", "合并"))
			.expectStatus()
			.isOk();
		post(secretary, "/api/v1/league-orgs/" + socialOrg + "/dissolution",
				Map.of("dissolvedOn", "2026-11-02", "reason", "注销"))
			.expectStatus()
			.isOk();
		Coverage dissolved = coverage(secretary, uri);
		assertThat(delta(before, dissolved, "schoolCoverage", NUMERATOR)).isZero();
		assertThat(delta(before, dissolved, "socialGrowth", NUMERATOR)).isZero();
		// founded this year it was, dissolved or not
		assertThat(county(dissolved).newSocialOrgs() - county(before).newSocialOrgs()).isEqualTo(1);
		// as of October both still stood
		Coverage october = coverage(secretary, uri + "&month=2026-10");
		assertThat(indicator(october, "schoolCoverage").numerator())
			.isEqualTo(indicator(after, "schoolCoverage").numerator());
	}

	@Test
	void shouldFlagAgainstTheTargetProRatedToTheMonthsGone() {
		WebTestClient secretary = as(identities().withRole(Role.COUNTY_SECRETARY, "411104"));
		long county = Db.orgId("411104");
		for (String day : List.of("2026-01-10", "2026-02-10")) {
			created(post(secretary, "/api/v1/league-milestones",
					Map.of("kind", "ACTIVITY_ROOM_OPENED", "countyId", county, "occurredOn", day)), Identified.class);
		}
		String uri = "/api/v1/org-building/coverage?year=2026&countyId=" + county;
		// 2 rooms of 3: half-way through the year 1.5 are expected (RED), at its end 3
		// (2/3: YELLOW)
		assertThat(indicator(coverage(secretary, uri + "&month=2026-06"), "activityRooms"))
			.extracting(Indicator::numerator, Indicator::flag)
			.containsExactly(2, "RED");
		assertThat(indicator(coverage(secretary, uri + "&month=2026-12"), "activityRooms").flag()).isEqualTo("YELLOW");
		assertThat(coverage(secretary, uri + "&month=2026-12").elapsed()).isEqualTo(1.0);
		// in 2025 there were none: BLACK
		assertThat(indicator(coverage(secretary, "/api/v1/org-building/coverage?year=2025&countyId=" + county),
				"activityRooms"))
			.extracting(Indicator::numerator, Indicator::flag)
			.containsExactly(0, "BLACK");

		Indicator twoTeams = indicator(coverage(secretary, uri), "countyTwoTeams");
		assertThat(twoTeams).extracting(Indicator::numerator, Indicator::denominator, Indicator::flag)
			.containsExactly(0, 1, "BLACK");
		created(post(secretary, "/api/v1/league-milestones",
				Map.of("kind", "COUNTY_VOLUNTEER_ASSOCIATION_FOUNDED", "countyId", county, "occurredOn", "2026-03-01")),
				Identified.class);
		assertThat(indicator(coverage(secretary, uri), "countyTwoTeams").numerator()).isZero();
		created(post(secretary, "/api/v1/league-milestones",
				Map.of("kind", "COUNTY_ENTREPRENEURSHIP_ORG_FOUNDED", "countyId", county, "occurredOn", "2026-03-02")),
				Identified.class);
		assertThat(indicator(coverage(secretary, uri), "countyTwoTeams"))
			.extracting(Indicator::numerator, Indicator::rate, Indicator::flag)
			.containsExactly(1, 1.0, "RED");
		expectProblem(post(secretary, "/api/v1/league-milestones",
				Map.of("kind", "COUNTY_ENTREPRENEURSHIP_ORG_FOUNDED", "countyId", county, "occurredOn", "2026-04-02")),
				409, "MILESTONE_EXISTS");
		// an indicator with nothing to judge is NONE (no ride-hailing company in the
		// county)
		assertThat(indicator(coverage(secretary, uri), "rideHailing")).extracting(Indicator::flag, Indicator::rate)
			.containsExactly("NONE", null);
	}

	@Test
	void shouldKeepCountiesToThemselvesAndDepartmentsToTheirIndicators() {
		WebTestClient wuyang = as(identities().withRole(Role.COUNTY_SECRETARY, "411121"));
		Coverage own = coverage(wuyang, "/api/v1/org-building/coverage?year=2026");
		assertThat(own.counties()).singleElement().satisfies(c -> assertThat(c.orgId()).isEqualTo(Db.orgId("411121")));
		assertThat(own.city()).isNull();
		expectProblem(
				wuyang.get().uri("/api/v1/org-building/coverage?year=2026&countyId=" + Db.orgId("411122")).exchange(),
				403, "FORBIDDEN_SCOPE");

		WebTestClient schools = as(identities().withRole(Role.DEPARTMENT_STAFF, "4111-XSB"));
		Coverage theirs = coverage(schools, "/api/v1/org-building/coverage?year=2026");
		assertThat(theirs.counties()).hasSize(8)
			.allSatisfy(c -> assertThat(c.indicators()).extracting(Indicator::key)
				.containsExactlyInAnyOrder("schoolCoverage", "schoolActivityRooms", "leagueSchools",
						"educationCommittee"));

		expectProblem(as(identities().withRole(Role.FIRST_SECRETARY, "411121100201")).get()
			.uri("/api/v1/org-building/coverage?year=2026")
			.exchange(), 403, "FORBIDDEN_ROLE");
	}

	/**
	 * A county that has recorded nothing has no maintained row, yet its towns are there:
	 * the towns' volunteer teams are judged against all of them (a denominator of 0
	 * showed NONE instead of a black flag, and the city's rate counted only active
	 * counties).
	 */
	@Test
	void shouldJudgeEveryTownOfACountyThatHasRecordedNothing() {
		WebTestClient admin = as(identities().withRole(Role.CITY_ADMIN, "4111"));
		// nothing in these tests is recorded in 2020
		Coverage y2020 = coverage(admin, "/api/v1/org-building/coverage?year=2020");
		long all = 0;
		for (CountyCoverage county : y2020.counties()) {
			long towns = Db.count("SELECT count(*) FROM org_unit WHERE parent_id = ? AND level = 'TOWN'",
					county.orgId());
			Indicator teams = county.indicators()
				.stream()
				.filter(i -> i.key().equals("townsWithVolunteerTeam"))
				.findFirst()
				.orElseThrow();
			assertThat(teams.denominator()).as("towns of county %s", county.orgId()).isEqualTo((int) towns);
			all += towns;
		}
		assertThat(all).isGreaterThan(50);
		int cityTowns = (int) all;
		CityCoverage city = city(y2020);
		assertThat(city).isNotNull();
		assertThat(city.indicators()).filteredOn(i -> i.key().equals("townsWithVolunteerTeam"))
			.singleElement()
			.satisfies(i -> assertThat(i.denominator()).isEqualTo(cityTowns));
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
		assertThat(county(coverage(admin, "/api/v1/org-building/coverage?year=2026&countyId=" + yuanhui))
			.newSocialOrgsTarget()).isEqualTo(77);
		assertThat(county(coverage(admin, "/api/v1/org-building/coverage?year=2024&countyId=" + yuanhui))
			.newSocialOrgsTarget()).isEqualTo(180);
		get(admin, "/api/v1/org-building/targets?year=2026&countyId=" + yuanhui, Targets.class);

		expectProblem(
				put(as(identities().withRole(Role.COUNTY_SECRETARY, "411102")),
						Map.of("year", 2025, "countyId", yuanhui, "targets", Map.of("newSocialOrgs", 1))),
				403, "FORBIDDEN_ROLE");
		expectProblem(put(admin, Map.of("year", 2025, "targets", Map.of("warpSpeed", 1))), 400, "VALIDATION_FAILED");
		expectProblem(put(admin, Map.of("year", 2025, "targets", Map.of("schoolCoverage", 1.5))), 400,
				"VALIDATION_FAILED");
		// a count is whole and bounded: 12.7 was stored and shown as 13, 1e12 beyond the
		// int32 figures
		long before = Db.count("SELECT count(*) FROM org_building_target");
		expectProblem(put(admin, Map.of("year", 2025, "countyId", yuanhui, "targets", Map.of("newSocialOrgs", 12.7))),
				400, "VALIDATION_FAILED");
		expectProblem(put(admin, Map.of("year", 2025, "countyId", yuanhui, "targets", Map.of("newSocialOrgs", 1e12))),
				400, "VALIDATION_FAILED");
		expectProblem(put(admin, Map.of("year", 2025, "countyId", yuanhui, "targets", Map.of("activityRooms", 2.5))),
				400, "VALIDATION_FAILED");
		assertThat(Db.count("SELECT count(*) FROM org_building_target")).isEqualTo(before);
		assertThat(Db.count("SELECT count(*) FROM org_building_target WHERE indicator = 'warpSpeed'")).isZero();
		assertThat(Db.count("SELECT count(*) FROM league_org_audit WHERE action = 'TARGETS_SET'")).isPositive();
	}

	@Test
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
						Map.of("kind", "LEAGUE_SCHOOL_FOUNDED", "hostUnitId", unit, "occurredOn", founded)),
						Identified.class);
			}
		}
		for (int i = 0; i < 4; i++) {
			post(admin, "/api/v1/league-orgs/" + orgs.get(i) + "/dissolution",
					Map.of("dissolvedOn", "2026-11-2" + i, "reason", "测试"))
				.expectStatus()
				.isOk();
		}
		Reconciliation clean = reconcile(admin);
		assertThat(clean.differences()).isEmpty();
		assertThat(clean.checked()).isPositive();

		try (var connection = Identities.connect();
				var statement = connection.prepareStatement(
						"UPDATE org_building_count SET parks = parks + 5 WHERE county_id = ? AND month = '2026-12-01'")) {
			statement.setLong(1, zone);
			assertThat(statement.executeUpdate()).isEqualTo(1);
		}
		List<Difference> found = reconcile(admin).differences();
		assertThat(found).singleElement().satisfies(d -> {
			assertThat(d).extracting(Difference::figure, Difference::month).containsExactly("parks", "2026-12");
			assertThat(d.maintained() - d.recounted()).isEqualTo(5);
		});
		assertThat(reconcile(admin).differences()).isEmpty();
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
		Coverage before = coverage(secretary, uri);
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
		assertThat(delta(before, coverage(secretary, uri), "stateEnterprises", NUMERATOR)).isEqualTo(8);
		assertThat(reconcile(admin).differences()).isEmpty();
	}

	private Reconciliation reconcile(WebTestClient admin) {
		Reconciliation reconciliation = admin.post()
			.uri("/api/v1/org-building/reconciliations")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Reconciliation.class)
			.returnResult()
			.getResponseBody();
		assertThat(reconciliation).as("a reconciliation").isNotNull();
		return reconciliation;
	}

	private static WebTestClient.ResponseSpec put(WebTestClient client, Map<String, ?> body) {
		return client.put()
			.uri("/api/v1/org-building/targets")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	private static long delta(Coverage before, Coverage after, String key, ToLongFunction<Indicator> field) {
		return field.applyAsLong(indicator(after, key)) - field.applyAsLong(indicator(before, key));
	}

}
