package cn.luohe.grassroots.forms.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.forms.web.FormTestViews.AddedLine;
import cn.luohe.grassroots.forms.web.FormTestViews.Column;
import cn.luohe.grassroots.forms.web.FormTestViews.Form;
import cn.luohe.grassroots.forms.web.FormTestViews.Line;
import cn.luohe.grassroots.forms.web.FormTestViews.Submission;
import cn.luohe.grassroots.forms.web.FormTestViews.SubmissionList;
import cn.luohe.grassroots.forms.web.FormTestViews.SubmissionRow;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Db;
import cn.luohe.grassroots.support.FakeWeChat;
import cn.luohe.grassroots.support.Responses.Identified;
import cn.luohe.grassroots.support.TestUser;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.forms.web.FormFixtures.allLines;
import static cn.luohe.grassroots.forms.web.FormFixtures.column;
import static cn.luohe.grassroots.forms.web.FormFixtures.form;
import static cn.luohe.grassroots.forms.web.FormFixtures.hostUnit;
import static cn.luohe.grassroots.forms.web.FormFixtures.leagueOrg;
import static cn.luohe.grassroots.forms.web.FormFixtures.lines;
import static cn.luohe.grassroots.forms.web.FormFixtures.milestone;
import static cn.luohe.grassroots.forms.web.FormFixtures.unique;
import static cn.luohe.grassroots.support.Problems.expectProblem;
import static cn.luohe.grassroots.visit.VisitFixtures.get;
import static cn.luohe.grassroots.visit.VisitFixtures.items;
import static cn.luohe.grassroots.visit.VisitFixtures.orgId;
import static cn.luohe.grassroots.visit.VisitFixtures.post;
import static cn.luohe.grassroots.visit.VisitFixtures.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The forms computed from a month of records, frozen by a submission while the draft
 * moves, and lines added (as records) or annotated by the filler. Each test records in a
 * county and a month of 2025 no other test uses, so its forms hold exactly its records.
 */
class FormApiTests extends ApiTest {

	static final String KAIFAQU = "411171";

	static final String YANCHENG = "411103";

	static final String YUANHUI = "411102";

	@Test
	void shouldFillBothFormsExactlyFromAMonthOfRecords() {
		long county = orgId(KAIFAQU);
		String s = unique();
		TestUser secretaryUser = identities().withRole(Role.COUNTY_SECRETARY, KAIFAQU);
		WebTestClient secretary = as(secretaryUser);
		WebTestClient admin = as(identities().withRole(Role.CITY_ADMIN, "4111"));
		long school = hostUnit(secretary, county, "MIDDLE_SCHOOL", "开发区实验中学" + s);
		long vocational = hostUnit(secretary, county, "VOCATIONAL_SCHOOL", "开发区职教中心" + s);
		long agency = hostUnit(secretary, county, "COUNTY_AGENCY", "开发区人社局" + s);
		long food = hostUnit(secretary, county, "PRIVATE_ENTERPRISE", "开发区食品公司" + s, "youngEntrepreneurMember", true);
		long tech = hostUnit(secretary, county, "PRIVATE_ENTERPRISE", "开发区科技公司" + s, "youthFederationMember", true);
		long volunteers = hostUnit(secretary, county, "SOCIAL_ORGANIZATION", "开发区义工联合会" + s);
		leagueOrg(secretary, school, "实验中学团委" + s, "COMMITTEE", "2025-09-05", false);
		leagueOrg(secretary, school, "实验中学教工团支部" + s, "BRANCH", "2025-09-10", true);
		long vocationalCommittee = leagueOrg(secretary, vocational, "职教中心团委" + s, "COMMITTEE", "2025-09-12", false);
		leagueOrg(secretary, agency, "人社局团支部" + s, "BRANCH", "2025-09-02", false);
		leagueOrg(secretary, food, "食品公司团支部" + s, "BRANCH", "2025-09-15", false);
		leagueOrg(secretary, tech, "科技公司团支部" + s, "BRANCH", "2025-09-16", false);
		leagueOrg(secretary, volunteers, "义工联合会团支部" + s, "BRANCH", "2025-09-20", false);
		// outside the month: the next one's and the previous one's
		leagueOrg(secretary, volunteers, "义工联合会第二团支部" + s, "BRANCH", "2025-10-01", false);
		leagueOrg(secretary, agency, "人社局第二团支部" + s, "BRANCH", "2025-08-20", false);
		milestone(secretary, "LEAGUE_SCHOOL_FOUNDED", "2025-09-08", "hostUnitId", school);
		milestone(secretary, "TERM_ELECTION_COMPLETED", "2025-09-18", "leagueOrgId", vocationalCommittee);
		milestone(secretary, "EDUCATION_COMMITTEE_FOUNDED", "2025-09-25", "countyId", county);
		// a milestone the forms do not list
		milestone(secretary, "TOWN_VOLUNTEER_TEAM_FOUNDED", "2025-09-26", "townId", firstTown(county));

		Form schoolForm = form(secretary, "/api/v1/forms/school?month=2025-09&unitId=" + county);
		assertThat(schoolForm)
			.extracting(Form::kind, Form::title, Form::unitName, Form::status, Form::frozen, Form::filledBy)
			.containsExactly("school", "学校领域团组织建设情况统计表", "漯河经济技术开发区", "DRAFT", false, secretaryUser.displayName());
		Map<String, List<String>> expectedSchool = new LinkedHashMap<>();
		expectedSchool.put("newSchoolOrgs",
				List.of("实验中学团委" + s + " 2025-09-05", "实验中学教工团支部" + s + " 2025-09-10", "职教中心团委" + s + " 2025-09-12"));
		expectedSchool.put("teacherBranches", List.of("实验中学教工团支部" + s + " 2025-09-10"));
		expectedSchool.put("leagueSchools", List.of("开发区实验中学" + s + " 2025-09-08"));
		expectedSchool.put("termElections", List.of("职教中心团委" + s + " 2025-09-18"));
		expectedSchool.put("educationCommittees", List.of("漯河经济技术开发区教育团工委 2025-09-25"));
		assertThat(allLines(schoolForm)).containsExactlyEntriesOf(expectedSchool);
		assertThat(schoolForm.columns().stream().map(Column::count).toList()).isEqualTo(List.of(3, 1, 1, 1, 1));

		Form socialForm = form(secretary, "/api/v1/forms/social?month=2025-09&unitId=" + county);
		Map<String, List<String>> expectedSocial = new LinkedHashMap<>();
		expectedSocial.put("agencies", List.of("人社局团支部" + s + " 2025-09-02"));
		expectedSocial.put("parksAndPrivateEnterprises",
				List.of("食品公司团支部" + s + " 2025-09-15", "科技公司团支部" + s + " 2025-09-16"));
		expectedSocial.put("youngEntrepreneurMembers", List.of("食品公司团支部" + s + " 2025-09-15"));
		expectedSocial.put("youthFederationMembers", List.of("科技公司团支部" + s + " 2025-09-16"));
		expectedSocial.put("socialOrganizations", List.of("义工联合会团支部" + s + " 2025-09-20"));
		assertThat(allLines(socialForm)).containsExactlyEntriesOf(expectedSocial);
		assertThat(allLines(form(secretary, "/api/v1/forms/social?month=2025-08&unitId=" + county)))
			.containsEntry("agencies", List.of("人社局第二团支部" + s + " 2025-08-20"));

		// the city's list counts the same, with totals that add up and the previous month
		SubmissionList list = get(admin, "/api/v1/forms/submissions?month=2025-09", 200, SubmissionList.class);
		SubmissionRow row = list.items().stream().filter(item -> item.unitId() == county).findFirst().orElseThrow();
		assertThat(row).extracting(SubmissionRow::status, SubmissionRow::flag).containsExactly("MISSING", "BLACK");
		assertThat(row.counts()).isEqualTo(Map.of("school",
				Map.of("newSchoolOrgs", 3, "teacherBranches", 1, "leagueSchools", 1, "termElections", 1,
						"educationCommittees", 1),
				"social", Map.of("agencies", 1, "parksAndPrivateEnterprises", 2, "youngEntrepreneurMembers", 1,
						"youthFederationMembers", 1, "socialOrganizations", 1)));
		assertTotals(list);

		// a department's forms list the city's own units it is responsible for, nobody
		// else's
		long city = orgId("4111");
		long cityHigh = hostUnit(admin, city, "MIDDLE_SCHOOL", "漯河市实验高中" + s);
		leagueOrg(admin, cityHigh, "市实验高中团委" + s, "COMMITTEE", "2025-09-07", false);
		WebTestClient schools = as(identities().withRole(Role.DEPARTMENT_STAFF, "4111-XSB"));
		Form departmentForm = form(schools, "/api/v1/forms/school?month=2025-09&unitId=" + orgId("4111-XSB"));
		assertThat(lines(departmentForm, "newSchoolOrgs")).containsExactly("市实验高中团委" + s + " 2025-09-07");
		assertThat(lines(form(secretary, "/api/v1/forms/school?month=2025-09&unitId=" + county), "newSchoolOrgs"))
			.hasSize(3);
		// a 市直 member enterprise is 青发部's as a 非公企业 and 统战部's as a member: each
		// form lists it in its own columns only, so the city's totals count it once
		long member = hostUnit(admin, city, "PRIVATE_ENTERPRISE", "漯河市青企协会员企业" + s, "youngEntrepreneurMember", true,
				"youthFederationMember", true);
		leagueOrg(admin, member, "会员企业团支部" + s, "BRANCH", "2025-09-08", false);
		String memberLine = "会员企业团支部" + s + " 2025-09-08";
		Form development = form(as(identities().withRole(Role.DEPARTMENT_STAFF, "4111-QFB")),
				"/api/v1/forms/social?month=2025-09&unitId=" + orgId("4111-QFB"));
		assertThat(lines(development, "parksAndPrivateEnterprises")).contains(memberLine);
		assertThat(lines(development, "youngEntrepreneurMembers")).doesNotContain(memberLine);
		assertThat(lines(development, "youthFederationMembers")).doesNotContain(memberLine);
		Form unitedFront = form(as(identities().withRole(Role.DEPARTMENT_STAFF, "4111-TZB")),
				"/api/v1/forms/social?month=2025-09&unitId=" + orgId("4111-TZB"));
		assertThat(lines(unitedFront, "youngEntrepreneurMembers")).contains(memberLine);
		assertThat(lines(unitedFront, "youthFederationMembers")).contains(memberLine);
		assertThat(lines(unitedFront, "parksAndPrivateEnterprises")).doesNotContain(memberLine);
		// a department sees its own domains only
		expectProblem(schools.get().uri("/api/v1/forms/social?month=2025-09&unitId=" + orgId("4111-XSB")).exchange(),
				403, "FORBIDDEN_SCOPE");
		WebTestClient liaison = as(identities().withRole(Role.DEPARTMENT_STAFF, "4111-SLB"));
		expectProblem(liaison.get().uri("/api/v1/forms/school?month=2025-09&unitId=" + orgId("4111-SLB")).exchange(),
				403, "FORBIDDEN_SCOPE");
		assertThat(form(liaison, "/api/v1/forms/social?month=2025-09&unitId=" + orgId("4111-SLB")).unitName())
			.isEqualTo("社联部");
	}

	@Test
	void shouldKeepASubmittedSnapshotStillWhileTheDraftMoves() {
		long county = orgId(YANCHENG);
		String s = unique();
		WebTestClient secretary = as(identities().withRole(Role.COUNTY_SECRETARY, YANCHENG));
		WebTestClient admin = as(identities().withRole(Role.CITY_ADMIN, "4111"));
		long volunteers = hostUnit(secretary, county, "SOCIAL_ORGANIZATION", "郾城区志愿者协会" + s);
		leagueOrg(secretary, volunteers, "志愿者协会团支部" + s, "BRANCH", "2025-06-03", false);
		long submission = post(secretary, "/api/v1/forms/submissions", Map.of("unitId", county, "month", "2025-06"),
				201, Submission.class)
			.id();
		try {
			// a record of the month after the submission
			leagueOrg(secretary, volunteers, "志愿者协会第二团支部" + s, "BRANCH", "2025-06-20", false);
			Form frozen = form(secretary, "/api/v1/forms/social?month=2025-06&unitId=" + county);
			assertThat(frozen).extracting(Form::status, Form::frozen).containsExactly("LATE", true);
			assertThat(lines(frozen, "socialOrganizations")).containsExactly("志愿者协会团支部" + s + " 2025-06-03");
			Form live = form(secretary, "/api/v1/forms/social?month=2025-06&unitId=" + county + "&live=true");
			assertThat(lines(live, "socialOrganizations")).containsExactly("志愿者协会团支部" + s + " 2025-06-03",
					"志愿者协会第二团支部" + s + " 2025-06-20");
			// the city counts what was submitted
			SubmissionRow row = get(admin, "/api/v1/forms/submissions?month=2025-06", 200, SubmissionList.class).items()
				.stream()
				.filter(item -> item.unitId() == county)
				.findFirst()
				.orElseThrow();
			assertThat(row).extracting(SubmissionRow::status, SubmissionRow::flag).containsExactly("LATE", "YELLOW");
			assertThat(row.counts().get("social").get("socialOrganizations")).isEqualTo(1);
		}
		finally {
			post(admin, "/api/v1/forms/submissions/" + submission + "/reopen", Map.of("reason", "补录一个团支部"), 200,
					Submission.class);
		}
		assertThat(lines(form(secretary, "/api/v1/forms/social?month=2025-06&unitId=" + county), "socialOrganizations"))
			.hasSize(2);
	}

	@Test
	void shouldTurnAnAddedLineIntoARecordAndKeepANote() {
		long county = orgId(YUANHUI);
		String s = unique();
		WebTestClient secretary = as(identities().withRole(Role.COUNTY_SECRETARY, YUANHUI));
		long volunteers = hostUnit(secretary, county, "SOCIAL_ORGANIZATION", "源汇区义工协会" + s);
		long school = hostUnit(secretary, county, "MIDDLE_SCHOOL", "源汇区第三中学" + s);
		Map<String, Object> line = new LinkedHashMap<>(
				Map.of("month", "2025-05", "unitId", county, "column", "socialOrganizations", "name", "义工协会团支部" + s,
						"date", "2025-05-12", "hostUnitId", volunteers, "type", "BRANCH"));
		AddedLine added = addLine(secretary, "social", line, "line" + s);
		assertThat(added).extracting(AddedLine::column, AddedLine::name)
			.containsExactly("socialOrganizations", "义工协会团支部" + s);
		String recordRef = added.recordRef();
		assertThat(addLine(secretary, "social", line, "line" + s).recordRef()).isEqualTo(recordRef);
		assertThat(Db.count("SELECT count(*) FROM league_org WHERE name = ?", "义工协会团支部" + s)).isEqualTo(1);
		// it is a league organisation like any other
		assertThat(items(secretary, "/api/v1/league-orgs?countyId=" + county + "&domain=SOCIAL", Identified.class))
			.anySatisfy(org -> assertThat(recordRef).isEqualTo("league-org:" + org.id()));
		Form draft = form(secretary, "/api/v1/forms/social?month=2025-05&unitId=" + county);
		assertThat(lines(draft, "socialOrganizations")).containsExactly("义工协会团支部" + s + " 2025-05-12");

		// a line that would not land in its column writes nothing
		Map<String, Object> wrong = new LinkedHashMap<>(line);
		wrong.put("column", "agencies");
		wrong.put("name", "不该写入的团支部" + s);
		expectProblem(lineRequest(secretary, "social", wrong, null), 422, "LINE_NOT_IN_COLUMN");
		assertThat(Db.count("SELECT count(*) FROM league_org WHERE name = ?", "不该写入的团支部" + s)).isZero();
		Map<String, Object> otherMonth = new LinkedHashMap<>(line);
		otherMonth.put("date", "2025-06-01");
		expectProblem(lineRequest(secretary, "social", otherMonth, null), 400, "VALIDATION_FAILED");
		Map<String, Object> unknownColumn = new LinkedHashMap<>(line);
		unknownColumn.put("column", "leagueSchools");
		expectProblem(lineRequest(secretary, "social", unknownColumn, null), 400, "VALIDATION_FAILED");
		// another county's secretary adds nothing here
		expectProblem(lineRequest(as(identities().withRole(Role.COUNTY_SECRETARY, "411104")), "social", line, null),
				403, "FORBIDDEN_SCOPE");

		// a milestone's line: the league school of a middle school
		AddedLine leagueSchool = addLine(secretary, "school", Map.of("month", "2025-05", "unitId", county, "column",
				"leagueSchools", "date", "2025-05-20", "hostUnitId", school), null);
		assertThat(leagueSchool.name()).isEqualTo("源汇区第三中学" + s);
		assertThat(lines(form(secretary, "/api/v1/forms/school?month=2025-05&unitId=" + county), "leagueSchools"))
			.containsExactly("源汇区第三中学" + s + " 2025-05-20");

		// a note on a line
		Line noted = post(secretary, "/api/v1/forms/social/annotations", Map.of("month", "2025-05", "unitId", county,
				"column", "socialOrganizations", "recordRef", recordRef, "note", "已授牌"), 200, Line.class);
		assertThat(noted).extracting(Line::note, Line::recordRef).containsExactly("已授牌", recordRef);
		assertThat(
				column(form(secretary, "/api/v1/forms/social?month=2025-05&unitId=" + county), "socialOrganizations"))
			.singleElement()
			.satisfies(row -> assertThat(row.note()).isEqualTo("已授牌"));
		expectProblem(
				send(secretary, HttpMethod.POST, "/api/v1/forms/social/annotations", Map.of("month", "2025-05",
						"unitId", county, "column", "agencies", "recordRef", recordRef, "note", "错栏")),
				404, "NOT_FOUND");
		// the note goes to the city: a risky one is refused and the earlier note stays
		expectProblem(send(secretary, HttpMethod.POST, "/api/v1/forms/social/annotations",
				Map.of("month", "2025-05", "unitId", county, "column", "socialOrganizations", "recordRef", recordRef,
						"note", "已授牌" + FakeWeChat.RISKY_TEXT)),
				422, "CONTENT_REJECTED");
		assertThat(
				column(form(secretary, "/api/v1/forms/social?month=2025-05&unitId=" + county), "socialOrganizations"))
			.singleElement()
			.satisfies(row -> assertThat(row.note()).isEqualTo("已授牌"));
	}

	/**
	 * Totals are the sums of the rows, and the difference is against the previous month.
	 */
	static void assertTotals(SubmissionList list) {
		Map<String, Map<String, Integer>> previous = list.previousTotals();
		Map<String, Map<String, Integer>> difference = list.difference();
		list.totals().forEach((kind, columns) -> columns.forEach((key, total) -> {
			int sum = list.items()
				.stream()
				.mapToInt(item -> item.counts().getOrDefault(kind, Map.of()).getOrDefault(key, 0))
				.sum();
			assertThat(total).as("total of %s.%s", kind, key).isEqualTo(sum);
			assertThat(difference.get(kind).get(key)).isEqualTo(total - previous.get(kind).get(key));
		}));
	}

	static long firstTown(long countyId) {
		return Db.count("SELECT min(id) FROM org_unit WHERE parent_id = ? AND level = 'TOWN'", countyId);
	}

	/** Adds a line (201), with an idempotency key when one is given. */
	static AddedLine addLine(WebTestClient client, String kind, Map<String, Object> body, @Nullable String key) {
		AddedLine added = lineRequest(client, kind, body, key).expectStatus()
			.isCreated()
			.expectBody(AddedLine.class)
			.returnResult()
			.getResponseBody();
		assertThat(added).as("an added line").isNotNull();
		return added;
	}

	/** A request to add a line, its answer still to be read. */
	static WebTestClient.ResponseSpec lineRequest(WebTestClient client, String kind, Map<String, Object> body,
			@Nullable String key) {
		return client.post()
			.uri("/api/v1/forms/" + kind + "/lines")
			.contentType(MediaType.APPLICATION_JSON)
			.headers(headers -> {
				if (key != null) {
					headers.set("Idempotency-Key", key);
				}
			})
			.bodyValue(body)
			.exchange();
	}

}
