package cn.luohe.grassroots.leagueorg.web;

import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.leagueorg.web.LeagueOrgTestViews.HostUnit;
import cn.luohe.grassroots.leagueorg.web.LeagueOrgTestViews.LeagueOrg;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Db;
import cn.luohe.grassroots.support.FakeWeChat;
import cn.luohe.grassroots.support.Responses.FeedItem;
import cn.luohe.grassroots.support.Responses.Identified;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.leagueorg.web.LeagueOrgFixtures.county;
import static cn.luohe.grassroots.leagueorg.web.LeagueOrgFixtures.coverage;
import static cn.luohe.grassroots.leagueorg.web.LeagueOrgFixtures.created;
import static cn.luohe.grassroots.leagueorg.web.LeagueOrgFixtures.get;
import static cn.luohe.grassroots.leagueorg.web.LeagueOrgFixtures.items;
import static cn.luohe.grassroots.leagueorg.web.LeagueOrgFixtures.org;
import static cn.luohe.grassroots.leagueorg.web.LeagueOrgFixtures.post;
import static cn.luohe.grassroots.leagueorg.web.LeagueOrgFixtures.unique;
import static cn.luohe.grassroots.leagueorg.web.LeagueOrgFixtures.unit;
import static cn.luohe.grassroots.support.Problems.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Host units and league organisations through the running service. */
class LeagueOrgApiTests extends ApiTest {

	static final String WUYANG = "411121";

	static final String LINYING = "411122";

	/**
	 * An organisation recorded by mistake is voided through the correction path: it
	 * leaves the coverage (recounted at once), the lists and the forms, is answered with
	 * voidedAt to the administrators of its scope only, and can no longer be dissolved.
	 */
	@Test
	void shouldVoidAnOrganisationRecordedByMistakeOutOfEveryCount() {
		WebTestClient secretary = as(identities().withRole(Role.COUNTY_SECRETARY, "411121"));
		long county = Db.orgId("411121");
		String uri = "/api/v1/org-building/coverage?year=2026&countyId=" + county;
		long unit = unit(secretary, county, "PRIVATE_ENTERPRISE", Map.of());
		int before = county(coverage(secretary, uri)).newSocialOrgs();
		long org = org(secretary, unit, "2026-11-02");
		assertThat(county(coverage(secretary, uri)).newSocialOrgs()).isEqualTo(before + 1);

		expectProblem(post(as(identities().withRole(Role.CADRE, "411121")), "/api/v1/league-orgs/" + org + "/void",
				Map.of("reason", "录错了")), 403, "FORBIDDEN_ROLE");
		expectProblem(post(as(identities().withRole(Role.COUNTY_SECRETARY, "411122")),
				"/api/v1/league-orgs/" + org + "/void", Map.of("reason", "录错了")), 403, "FORBIDDEN_SCOPE");
		post(secretary, "/api/v1/league-orgs/" + org + "/void", Map.of("reason", "录错了")).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.kind")
			.isEqualTo("league-org");
		assertThat(county(coverage(secretary, uri)).newSocialOrgs()).isEqualTo(before);
		assertThat(items(secretary, "/api/v1/league-orgs?countyId=" + county + "&limit=200", LeagueOrg.class))
			.extracting(LeagueOrg::id)
			.doesNotContain(org);
		// the same answer again, audited once
		post(secretary, "/api/v1/league-orgs/" + org + "/void", Map.of("reason", "录错了")).expectStatus().isOk();
		assertThat(Db.count("SELECT count(*) FROM record_audit WHERE kind = 'league-org' AND record_id = ?", org))
			.isOne();
		secretary.get()
			.uri("/api/v1/league-orgs/" + org)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.voidedAt")
			.isNotEmpty();
		expectProblem(
				as(identities().withRole(Role.CITY_LEADER, "4111")).get().uri("/api/v1/league-orgs/" + org).exchange(),
				404, "NOT_FOUND");
		expectProblem(post(secretary, "/api/v1/league-orgs/" + org + "/dissolution",
				Map.of("dissolvedOn", "2026-11-20", "reason", "注销")), 422, "RECORD_VOIDED");
		// the maintained counts still equal a recount
		as(identities().withRole(Role.CITY_ADMIN, "4111")).post()
			.uri("/api/v1/org-building/reconciliations")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.differences.length()")
			.isEqualTo(0);
	}

	/**
	 * A term election and a child's founding lie within the organisation's life, between
	 * its founding and its dissolution.
	 */
	@Test
	void shouldKeepAnOrganisationsDatesWithinItsLife() {
		WebTestClient secretary = as(identities().withRole(Role.COUNTY_SECRETARY, "411102"));
		long unit = unit(secretary, Db.orgId("411102"), "STATE_ENTERPRISE", Map.of());
		long parent = org(secretary, unit, "2026-03-01");
		expectProblem(
				post(secretary, "/api/v1/league-milestones",
						Map.of("kind", "TERM_ELECTION_COMPLETED", "leagueOrgId", parent, "occurredOn", "2020-01-01")),
				400, "VALIDATION_FAILED");
		// nothing is older than the League (0001-01-01 was stored as 0000-12-30)
		for (String ancient : List.of("0001-01-01", "1800-01-01", "1922-05-04")) {
			expectProblem(
					post(secretary, "/api/v1/league-orgs",
							Map.of("name", unique("古"), "type", "BRANCH", "hostUnitId", unit, "foundedOn", ancient)),
					400, "VALIDATION_FAILED");
		}
		expectProblem(post(secretary, "/api/v1/league-milestones",
				Map.of("kind", "ACTIVITY_ROOM_OPENED", "countyId", Db.orgId("411102"), "occurredOn", "1900-01-01")),
				400, "VALIDATION_FAILED");
		String child = unique("早于上级");
		expectProblem(post(secretary, "/api/v1/league-orgs", Map.of("name", child, "type", "BRANCH", "hostUnitId", unit,
				"parentId", parent, "foundedOn", "2026-01-01")), 400, "VALIDATION_FAILED");
		post(secretary, "/api/v1/league-orgs/" + parent + "/dissolution",
				Map.of("dissolvedOn", "2026-06-01", "reason", "改制"))
			.expectStatus()
			.isOk();
		expectProblem(post(secretary, "/api/v1/league-orgs", Map.of("name", child, "type", "BRANCH", "hostUnitId", unit,
				"parentId", parent, "foundedOn", "2026-07-01")), 400, "VALIDATION_FAILED");
		expectProblem(
				post(secretary, "/api/v1/league-milestones",
						Map.of("kind", "TERM_ELECTION_COMPLETED", "leagueOrgId", parent, "occurredOn", "2026-07-01")),
				400, "VALIDATION_FAILED");
		assertThat(Db.count("SELECT count(*) FROM league_org WHERE name = ?", child)).isZero();
		created(post(secretary, "/api/v1/league-milestones",
				Map.of("kind", "TERM_ELECTION_COMPLETED", "leagueOrgId", parent, "occurredOn", "2026-04-01")),
				Identified.class);
	}

	/**
	 * A city agency is filed under the city and a county agency under a county-level
	 * unit; a 市直 unit lies in no county's town.
	 */
	@Test
	void shouldFileEachAgencyAtItsOwnLevel() {
		WebTestClient admin = as(identities().withRole(Role.CITY_ADMIN, "4111"));
		long city = Db.orgId("4111");
		long county = Db.orgId("411102");
		String name = unique("机关");
		expectProblem(
				post(admin, "/api/v1/host-units", Map.of("name", name, "countyId", county, "kind", "CITY_AGENCY")), 400,
				"VALIDATION_FAILED");
		expectProblem(
				post(admin, "/api/v1/host-units", Map.of("name", name, "countyId", city, "kind", "COUNTY_AGENCY")), 400,
				"VALIDATION_FAILED");
		expectProblem(
				post(admin, "/api/v1/host-units",
						Map.of("name", name, "countyId", city, "townId", Db.orgId("411102001"), "kind", "CITY_AGENCY")),
				400, "VALIDATION_FAILED");
		assertThat(Db.count("SELECT count(*) FROM host_unit WHERE name = ?", name)).isZero();
		created(post(admin, "/api/v1/host-units", Map.of("name", name, "countyId", city, "kind", "CITY_AGENCY")),
				Identified.class);
	}

	/**
	 * A dissolution's reason and a milestone's note are shown to everyone who reads the
	 * organisation or the county's milestones: they pass WeChat's content check as names
	 * do. Risky: 422 and nothing written; held for review: written and queued for the
	 * city admins.
	 */
	@Test
	void shouldCheckDissolutionReasonsAndMilestoneNotesLikeNames() {
		WebTestClient secretary = as(identities().withRole(Role.COUNTY_SECRETARY, "411102"));
		long county = Db.orgId("411102");
		long leagueOrg = org(secretary, unit(secretary, county, "PRIVATE_ENTERPRISE", Map.of()), "2026-02-01");
		expectProblem(
				post(secretary, "/api/v1/league-orgs/" + leagueOrg + "/dissolution",
						Map.of("dissolvedOn", "2026-11-01", "reason", "企业注销" + FakeWeChat.RISKY_TEXT)),
				422, "CONTENT_REJECTED");
		assertThat(Db.count("SELECT count(*) FROM league_org WHERE id = ? AND dissolved_on IS NULL", leagueOrg))
			.isOne();
		post(secretary, "/api/v1/league-orgs/" + leagueOrg + "/dissolution",
				Map.of("dissolvedOn", "2026-11-01", "reason", "企业注销" + FakeWeChat.REVIEW_TEXT))
			.expectStatus()
			.isOk();
		assertThat(Db.count("SELECT count(*) FROM moderation_item WHERE record_type = 'league_org' AND record_id = ?",
				leagueOrg))
			.isOne();

		String note = unique("活动室");
		expectProblem(post(secretary, "/api/v1/league-milestones", Map.of("kind", "ACTIVITY_ROOM_OPENED", "countyId",
				county, "occurredOn", "2026-01-02", "note", note + FakeWeChat.RISKY_TEXT)), 422, "CONTENT_REJECTED");
		assertThat(Db.count("SELECT count(*) FROM league_milestone WHERE note LIKE ?", note + "%")).isZero();
		long milestone = created(post(secretary, "/api/v1/league-milestones", Map.of("kind", "ACTIVITY_ROOM_OPENED",
				"countyId", county, "occurredOn", "2026-01-02", "note", note + FakeWeChat.REVIEW_TEXT)),
				Identified.class)
			.id();
		assertThat(Db.count(
				"SELECT count(*) FROM moderation_item WHERE record_type = 'league_milestone' AND record_id = ?",
				milestone))
			.isOne();
	}

	@Test
	void shouldRecordAUnitAndAnOrganisationWhoseDomainFollowsTheUnitsKind() {
		WebTestClient secretary = as(identities().withRole(Role.COUNTY_SECRETARY, WUYANG));
		long county = Db.orgId(WUYANG);
		HostUnit unit = created(post(secretary, "/api/v1/host-units", Map.of("name", unique("舞阳一中"), "countyId", county,
				"townId", Db.orgId("411121100"), "kind", "MIDDLE_SCHOOL")), HostUnit.class);
		assertThat(unit.domain()).isEqualTo("SCHOOL");
		assertThat(unit.eligible()).isTrue();

		LeagueOrg committee = created(
				post(secretary, "/api/v1/league-orgs",
						Map.of("name", "团委", "type", "COMMITTEE", "hostUnitId", unit.id(), "foundedOn", "2026-09-01")),
				LeagueOrg.class);
		LeagueOrg branch = created(
				post(secretary, "/api/v1/league-orgs", Map.of("name", "教工团支部", "type", "BRANCH", "hostUnitId",
						unit.id(), "foundedOn", "2026-10-08", "teacherBranch", true, "parentId", committee.id())),
				LeagueOrg.class);
		assertThat(branch)
			.extracting(LeagueOrg::domain, LeagueOrg::teacherBranch, LeagueOrg::status, LeagueOrg::hostUnitKind)
			.containsExactly("SCHOOL", true, "ACTIVE", "MIDDLE_SCHOOL");
		assertThat(branch.countyId()).isEqualTo(county);

		long enterprise = unit(secretary, county, "PRIVATE_ENTERPRISE", Map.of("aboveDesignatedSize", true));
		LeagueOrg social = created(
				post(secretary, "/api/v1/league-orgs",
						Map.of("name", "团支部", "type", "BRANCH", "hostUnitId", enterprise, "foundedOn", "2026-11-02")),
				LeagueOrg.class);
		assertThat(social.domain()).isEqualTo("SOCIAL");

		List<LeagueOrg> schoolOrgs = items(secretary,
				"/api/v1/league-orgs?countyId=" + county + "&domain=SCHOOL&hostUnitId=" + unit.id(), LeagueOrg.class);
		assertThat(schoolOrgs).extracting(LeagueOrg::name).containsExactly("团委", "教工团支部");
		assertThat(
				items(secretary, "/api/v1/host-units?countyId=" + county + "&kind=PRIVATE_ENTERPRISE", HostUnit.class))
			.extracting(HostUnit::id)
			.contains(enterprise);
		// audited and in the live feed, in the same transaction as the record
		assertThat(
				Db.count("SELECT count(*) FROM league_org_audit WHERE action = 'LEAGUE_ORG_FOUNDED' AND subject_id = ?",
						branch.id()))
			.isEqualTo(1);
		assertThat(Db.count("SELECT count(*) FROM feed_event WHERE type = 'LEAGUE_ORG_FOUNDED' AND record_id = ?",
				branch.id()))
			.isEqualTo(1);
		assertThat(Db.count("SELECT count(*) FROM feed_event WHERE type = 'HOST_UNIT_REGISTERED' AND record_id = ?",
				unit.id()))
			.isEqualTo(1);
	}

	@Test
	void shouldDissolveWithDateAndReasonOnce() {
		WebTestClient secretary = as(identities().withRole(Role.COUNTY_SECRETARY, WUYANG));
		long unit = unit(secretary, Db.orgId(WUYANG), "STATE_ENTERPRISE", Map.of());
		long org = org(secretary, unit, "2026-03-01");

		LeagueOrg dissolved = dissolve(secretary, org, "2026-11-30", "企业改制").expectStatus()
			.isOk()
			.expectBody(LeagueOrg.class)
			.returnResult()
			.getResponseBody();
		assertThat(dissolved).isNotNull()
			.extracting(LeagueOrg::status, LeagueOrg::dissolvedOn, LeagueOrg::dissolutionReason)
			.containsExactly("DISSOLVED", "2026-11-30", "企业改制");
		expectProblem(dissolve(secretary, org, "2026-12-01", "再次"), 409, "LEAGUE_ORG_DISSOLVED");
		assertThat(
				Db.count("SELECT count(*) FROM feed_event WHERE type = 'LEAGUE_ORG_DISSOLVED' AND record_id = ?", org))
			.isEqualTo(1);

		long other = org(secretary, unit, "2026-03-01");
		expectProblem(dissolve(secretary, other, "2026-02-01", "早于成立"), 400, "VALIDATION_FAILED");
		expectProblem(dissolve(secretary, other, "2027-01-01", "未来"), 400, "VALIDATION_FAILED");
		assertThat(get(secretary, "/api/v1/league-orgs/" + other, LeagueOrg.class).status()).isEqualTo("ACTIVE");
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
		assertThat(items(linying, "/api/v1/host-units?limit=200", HostUnit.class))
			.allSatisfy(u -> assertThat(u.countyId()).isEqualTo(Db.orgId(LINYING)));
		assertThat(items(linying, "/api/v1/league-orgs?limit=200", LeagueOrg.class)).extracting(LeagueOrg::id)
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

		assertThat(items(schools, "/api/v1/host-units?limit=200", HostUnit.class))
			.allSatisfy(u -> assertThat(u.domain()).isEqualTo("SCHOOL"))
			.extracting(HostUnit::id)
			.contains(school);
		get(schools, "/api/v1/host-units/" + school, HostUnit.class);
		expectProblem(schools.get().uri("/api/v1/host-units/" + enterprise).exchange(), 403, "FORBIDDEN_SCOPE");
		assertThat(items(unitedFront, "/api/v1/host-units?countyId=" + Db.orgId(WUYANG) + "&limit=200", HostUnit.class))
			.extracting(HostUnit::id)
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
				Map.of("name", "团支部", "type", "BRANCH", "hostUnitId", unit, "foundedOn", "2026-12-01")),
				LeagueOrg.class);
		orgs++;
		expectProblem(
				post(secretary, "/api/v1/league-orgs",
						Map.of("name", "团支部", "type", "GENERAL_BRANCH", "hostUnitId", unit, "foundedOn", "2026-11-01")),
				409, "LEAGUE_ORG_EXISTS");
		String existing = get(secretary, "/api/v1/host-units/" + unit, HostUnit.class).name();
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
		long first = created(keyed(secretary, "/api/v1/league-orgs", key, body), Identified.class).id();
		long again = created(keyed(secretary, "/api/v1/league-orgs", key, body), Identified.class).id();
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
		assertThat(items(admin, "/api/v1/host-units?countyId=" + Db.orgId("4111") + "&kind=UNIVERSITY&limit=200",
				HostUnit.class))
			.extracting(HostUnit::name)
			.contains("漯河职业技术学院", "漯河医学高等专科学校", "漯河技师学院", "漯河食品职业学院");
	}

	@Test
	void shouldLetTheRecordersCorrectAUnitsAttributes() {
		WebTestClient secretary = as(identities().withRole(Role.COUNTY_SECRETARY, WUYANG));
		long unit = unit(secretary, Db.orgId(WUYANG), "PRIVATE_ENTERPRISE", Map.of());
		HostUnit corrected = secretary.patch()
			.uri("/api/v1/host-units/" + unit)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("partyOrganized", true, "cityTop20", true))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(HostUnit.class)
			.returnResult()
			.getResponseBody();
		assertThat(corrected).isNotNull()
			.extracting(HostUnit::partyOrganized, HostUnit::cityTop20, HostUnit::aboveDesignatedSize)
			.containsExactly(true, true, false);
		// its name, kind and county are not corrected here: refused, not ignored
		expectProblem(secretary.patch()
			.uri("/api/v1/host-units/" + unit)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", "改名", "kind", "STATE_ENTERPRISE", "partyOrganized", false))
			.exchange(), 400, "VALIDATION_FAILED").jsonPath("$.errors.length()").isEqualTo(2);
		assertThat(Db.count("SELECT count(*) FROM host_unit WHERE id = ? AND party_organized AND kind = ?", unit,
				"PRIVATE_ENTERPRISE"))
			.isOne();
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
		long unit = created(
				post(secretary, "/api/v1/host-units",
						Map.of("name", name, "countyId", Db.orgId("411104"), "townId", town, "kind", "MIDDLE_SCHOOL")),
				Identified.class)
			.id();
		long org = org(secretary, unit, "2026-09-01");
		dissolve(secretary, org, "2026-11-01", "合并").expectStatus().isOk();
		created(post(secretary, "/api/v1/league-milestones",
				Map.of("kind", "LEAGUE_SCHOOL_FOUNDED", "hostUnitId", unit, "occurredOn", "2026-10-01")),
				Identified.class);

		// history answers what the relay has published (a moment after the commit)
		List<FeedItem> history = Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(10))
			.until(() -> items(secretary, "/api/v1/feed?limit=4", FeedItem.class),
					events -> !events.isEmpty() && "league_milestone.recorded".equals(events.get(0).type()));
		assertThat(history).extracting(FeedItem::type)
			.containsExactly("league_milestone.recorded", "league_org.dissolved", "league_org.founded",
					"host_unit.registered");
		assertThat(history).allSatisfy(e -> {
			assertThat(e.townId()).isEqualTo(town);
			assertThat(e.countyId()).isEqualTo(Db.orgId("411104"));
		});
		assertThat(history.get(3).summary()).isEqualTo(name);
		assertThat(history.get(0).summary()).isEqualTo(name + " 团校成立");
		// a sibling county's secretary is not told
		assertThat(items(as(identities().withRole(Role.COUNTY_SECRETARY, LINYING)), "/api/v1/feed?limit=200",
				FeedItem.class))
			.extracting(FeedItem::summary)
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
