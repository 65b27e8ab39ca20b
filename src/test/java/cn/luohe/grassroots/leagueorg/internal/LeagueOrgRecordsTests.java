package cn.luohe.grassroots.leagueorg.internal;

import java.time.YearMonth;
import java.util.Map;
import java.util.UUID;

import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.leagueorg.api.LeagueOrgRecord;
import cn.luohe.grassroots.leagueorg.api.LeagueOrgRecords;
import cn.luohe.grassroots.leagueorg.api.MilestoneKind;
import cn.luohe.grassroots.leagueorg.api.MilestoneRecord;
import cn.luohe.grassroots.leagueorg.api.MonthRecords;
import cn.luohe.grassroots.org.api.OrgDirectory;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Db;
import cn.luohe.grassroots.support.Responses.Identified;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.support.Problems.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the monthly forms read (leagueorg.api): a month's records of a county, of a
 * department (its domains, city-wide) and of the city, recorded through the API.
 */
class LeagueOrgRecordsTests extends ApiTest {

	@Autowired
	LeagueOrgRecords records;

	@Autowired
	OrgDirectory orgs;

	@Test
	void shouldGiveAMonthsRecordsPerCountyDepartmentAndCity() {
		WebTestClient secretary = as(identities().withRole(Role.COUNTY_SECRETARY, "4111F2"));
		long county = Db.orgId("4111F2");
		long school = id(post(secretary, "/api/v1/host-units",
				Map.of("name", "西城中学-" + UUID.randomUUID(), "countyId", county, "kind", "MIDDLE_SCHOOL")));
		long teachers = id(post(secretary, "/api/v1/league-orgs", Map.of("name", "教工团支部", "type", "BRANCH",
				"hostUnitId", school, "foundedOn", "2026-10-12", "teacherBranch", true)));
		long enterprise = id(post(secretary, "/api/v1/host-units", Map.of("name", "西城企业-" + UUID.randomUUID(),
				"countyId", county, "kind", "PRIVATE_ENTERPRISE", "youngEntrepreneurMember", true)));
		long social = id(post(secretary, "/api/v1/league-orgs",
				Map.of("name", "团支部", "type", "BRANCH", "hostUnitId", enterprise, "foundedOn", "2026-10-20")));
		long leagueSchool = id(post(secretary, "/api/v1/league-milestones",
				Map.of("kind", "LEAGUE_SCHOOL_FOUNDED", "hostUnitId", school, "occurredOn", "2026-10-25")));
		long election = id(post(secretary, "/api/v1/league-milestones",
				Map.of("kind", "TERM_ELECTION_COMPLETED", "leagueOrgId", teachers, "occurredOn", "2026-10-26")));
		YearMonth october = YearMonth.of(2026, 10);

		MonthRecords ofCounty = this.records.monthOf(this.orgs.findById(county).block(), october).block();
		assertThat(ofCounty.founded()).extracting(LeagueOrgRecord::id).containsExactly(teachers, social);
		assertThat(ofCounty.teacherBranches()).extracting(LeagueOrgRecord::id).containsExactly(teachers);
		assertThat(ofCounty.founded().get(1).hostUnitAttributes().youngEntrepreneurMember()).isTrue();
		assertThat(ofCounty.milestones(MilestoneKind.LEAGUE_SCHOOL_FOUNDED)).extracting(MilestoneRecord::id)
			.containsExactly(leagueSchool);
		assertThat(ofCounty.milestones(MilestoneKind.TERM_ELECTION_COMPLETED)).singleElement()
			.satisfies(m -> assertThat(m.subjectName()).isEqualTo("教工团支部"));
		assertThat(ofCounty.milestones()).extracting(MilestoneRecord::id).containsExactly(leagueSchool, election);

		MonthRecords ofSchools = this.records.monthOf(this.orgs.findByCode("4111-XSB").block(), october).block();
		assertThat(ofSchools.founded()).extracting(LeagueOrgRecord::id).contains(teachers).doesNotContain(social);
		assertThat(ofSchools.milestones()).extracting(MilestoneRecord::id).contains(leagueSchool, election);
		MonthRecords ofUnitedFront = this.records.monthOf(this.orgs.findByCode("4111-TZB").block(), october).block();
		assertThat(ofUnitedFront.founded()).extracting(LeagueOrgRecord::id).contains(social).doesNotContain(teachers);
		assertThat(ofUnitedFront.milestones()).extracting(MilestoneRecord::id).doesNotContain(leagueSchool);

		MonthRecords ofCity = this.records.monthOf(this.orgs.findByCode("4111").block(), october).block();
		assertThat(ofCity.founded()).extracting(LeagueOrgRecord::id).contains(teachers, social);
		MonthRecords september = this.records.monthOf(this.orgs.findById(county).block(), october.minusMonths(1))
			.block();
		assertThat(september.founded()).extracting(LeagueOrgRecord::id).doesNotContain(teachers, social);
	}

	@Test
	void shouldRefuseAMilestoneWithoutItsSubjectOrInAnotherCounty() {
		WebTestClient secretary = as(identities().withRole(Role.COUNTY_SECRETARY, "4111F2"));
		long county = Db.orgId("4111F2");
		long enterprise = id(post(secretary, "/api/v1/host-units",
				Map.of("name", "企业-" + UUID.randomUUID(), "countyId", county, "kind", "STATE_ENTERPRISE")));
		long milestones = Db.count("SELECT count(*) FROM league_milestone");
		expectProblem(post(secretary, "/api/v1/league-milestones",
				Map.of("kind", "LEAGUE_SCHOOL_FOUNDED", "occurredOn", "2026-10-25")), 400, "VALIDATION_FAILED");
		expectProblem(
				post(secretary, "/api/v1/league-milestones",
						Map.of("kind", "LEAGUE_SCHOOL_FOUNDED", "hostUnitId", enterprise, "occurredOn", "2026-10-25")),
				400, "VALIDATION_FAILED");
		expectProblem(
				post(secretary, "/api/v1/league-milestones",
						Map.of("kind", "ACTIVITY_ROOM_OPENED", "hostUnitId", enterprise, "occurredOn", "2026-10-25")),
				400, "VALIDATION_FAILED");
		expectProblem(post(secretary, "/api/v1/league-milestones", Map.of("kind", "EDUCATION_COMMITTEE_FOUNDED",
				"countyId", Db.orgId("4111"), "occurredOn", "2026-10-25")), 400, "VALIDATION_FAILED");
		expectProblem(
				post(secretary, "/api/v1/league-milestones",
						Map.of("kind", "EDUCATION_COMMITTEE_FOUNDED", "countyId", county, "occurredOn", "2026-12-25")),
				400, "VALIDATION_FAILED");
		expectProblem(
				post(secretary, "/api/v1/league-milestones",
						Map.of("kind", "MOON_LANDING", "countyId", county, "occurredOn", "2026-10-25")),
				400, "VALIDATION_FAILED");
		expectProblem(
				post(secretary, "/api/v1/league-milestones", Map.of("kind", "TOWN_VOLUNTEER_TEAM_FOUNDED", "townId",
						Db.orgId("411121100"), "countyId", county, "occurredOn", "2026-10-25")),
				400, "VALIDATION_FAILED");
		// the town belongs to a sibling: the secretary may not record there
		expectProblem(post(secretary, "/api/v1/league-milestones", Map.of("kind", "TOWN_VOLUNTEER_TEAM_FOUNDED",
				"townId", Db.orgId("411121100"), "occurredOn", "2026-10-25")), 403, "FORBIDDEN_SCOPE");
		assertThat(Db.count("SELECT count(*) FROM league_milestone")).isEqualTo(milestones);
	}

	private static WebTestClient.ResponseSpec post(WebTestClient client, String path, Map<String, ?> body) {
		return client.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

	private static long id(WebTestClient.ResponseSpec response) {
		Identified created = response.expectStatus()
			.isCreated()
			.expectBody(Identified.class)
			.returnResult()
			.getResponseBody();
		assertThat(created).as("a created record").isNotNull();
		return created.id();
	}

}
