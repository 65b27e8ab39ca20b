package cn.luohe.grassroots.correction.web;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.correction.web.CorrectionTestViews.AuditEntry;
import cn.luohe.grassroots.correction.web.CorrectionTestViews.Organization;
import cn.luohe.grassroots.correction.web.CorrectionTestViews.Team;
import cn.luohe.grassroots.correction.web.CorrectionTestViews.Theme;
import cn.luohe.grassroots.correction.web.CorrectionTestViews.VisitChange;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Responses;
import cn.luohe.grassroots.support.Responses.Identified;
import cn.luohe.grassroots.support.TestUser;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.support.Problems.expectProblem;
import static cn.luohe.grassroots.visit.VisitFixtures.checkIn;
import static cn.luohe.grassroots.visit.VisitFixtures.execute;
import static cn.luohe.grassroots.visit.VisitFixtures.orgId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Corrections (PATCH) of themes, volunteer teams and youth organizations, and visit
 * corrections in the one audit trail, through the running service: the author within the
 * window, an administrator of the scope any time, nobody else; audited with before and
 * after; a month closed by submission refused. Themes and teams of 郾城区 (its own names and
 * far months), organizations of homes of 新店镇; the closed month is 源汇区's, as the voiding
 * and submission tests, reopened at the end.
 */
class RecordCorrectionApiTests extends ApiTest {

	private static final String YANCHENG = "411104";

	/** 新店镇 (郾城区). */
	private static final String XINDIAN = "411104100";

	private static final String ZHAOLING = "411103";

	private static final String YUANHUI = "411102";

	/** 大刘镇 (源汇区). */
	private static final String DALIU = "411102100";

	@Autowired
	BusinessClock clock;

	@Test
	void shouldLetTheAuthorOrAnAdministratorCorrectAThemeAndAuditIt() {
		TestUser author = identities().withRole(Role.COUNTY_SECRETARY, YANCHENG);
		TestUser cadre = identities().withRole(Role.CADRE, YANCHENG);
		TestUser elsewhere = identities().withRole(Role.COUNTY_SECRETARY, ZHAOLING);
		TestUser cityAdmin = identities().withRole(Role.CITY_ADMIN, "4111");
		long county = orgId(YANCHENG);
		long theme = create(as(author), "/api/v1/themes",
				Map.of("countyId", county, "month", farMonth().toString(), "title", "错字主题", "description", "原说明"));

		expectProblem(patch(as(cadre), "/api/v1/themes/" + theme, Map.of("title", "改", "reason", "改")), 403,
				"FORBIDDEN_ROLE");
		expectProblem(patch(as(elsewhere), "/api/v1/themes/" + theme, Map.of("title", "改", "reason", "改")), 403,
				"FORBIDDEN_SCOPE");
		expectProblem(patch(as(author), "/api/v1/themes/" + theme, Map.of("title", "改")), 400, "VALIDATION_FAILED");
		expectProblem(patch(as(author), "/api/v1/themes/" + theme, Map.of("title", " ", "reason", "改")), 400,
				"VALIDATION_FAILED");

		// unknown fields are read as the older PATCH endpoints read them (ignored)
		Map<String, Object> unknown = Map.of("titel", "改", "reason", "改");
		assertThat(patch(as(author), "/api/v1/themes/999999999", unknown).returnResult().getStatus())
			.isEqualTo(patch(as(author), "/api/v1/themed-events/999999999", unknown).returnResult().getStatus());
		assertThat(patch(as(author), "/api/v1/volunteer-teams/999999999", unknown).returnResult().getStatus())
			.isEqualTo(patch(as(author), "/api/v1/activities/999999999", unknown).returnResult().getStatus());
		assertThat(patch(as(author), "/api/v1/youth-organizations/999999999", unknown).returnResult().getStatus())
			.isEqualTo(patch(as(author), "/api/v1/activities/999999999", unknown).returnResult().getStatus());

		// a null field stays as it is
		Map<String, @Nullable Object> body = new HashMap<>();
		body.put("title", "乡村振兴青年行");
		body.put("description", null);
		body.put("reason", "主题错字");
		Theme corrected = read(patch(as(author), "/api/v1/themes/" + theme, body), Theme.class);
		assertThat(corrected.title()).isEqualTo("乡村振兴青年行");
		assertThat(corrected.description()).isEqualTo("原说明");
		Theme byAdmin = read(
				patch(as(cityAdmin), "/api/v1/themes/" + theme, Map.of("description", "市级补充说明", "reason", "补充说明")),
				Theme.class);
		assertThat(byAdmin.title()).isEqualTo("乡村振兴青年行");
		assertThat(byAdmin.description()).isEqualTo("市级补充说明");

		List<AuditEntry> trail = trail(as(author), "theme", theme);
		assertThat(trail).extracting(AuditEntry::action, AuditEntry::reason, AuditEntry::actorId)
			.containsExactly(tuple("CORRECT", "主题错字", author.id()), tuple("CORRECT", "补充说明", cityAdmin.id()));
		assertThat(trail.getFirst().before()).containsEntry("title", "错字主题").containsEntry("description", "原说明");
		assertThat(trail.getFirst().after()).containsEntry("title", "乡村振兴青年行").containsEntry("description", "原说明");
		assertThat(trail.get(1).after()).containsEntry("description", "市级补充说明");

		// voided, it is corrected no more
		post(as(author), "/api/v1/themes/" + theme + "/void", Map.of("reason", "作废"));
		expectProblem(patch(as(author), "/api/v1/themes/" + theme, Map.of("title", "再改", "reason", "再改")), 422,
				"RECORD_VOIDED");
		expectProblem(patch(as(cadre), "/api/v1/themes/" + theme, Map.of("title", "再改", "reason", "再改")), 404,
				"NOT_FOUND");
	}

	@Test
	void shouldLetAnAdministratorCorrectAVolunteerTeamButNotOntoALiveTeamsName() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, YANCHENG);
		TestUser cadre = identities().withRole(Role.CADRE, YANCHENG);
		long county = orgId(YANCHENG);
		String taken = "新店镇志愿服务队 " + UUID.randomUUID();
		create(as(secretary), "/api/v1/volunteer-teams", Map.of("countyId", county, "name", taken));
		long team = create(as(secretary), "/api/v1/volunteer-teams",
				Map.of("countyId", county, "name", "新店志愿队 " + UUID.randomUUID(), "members", 12));

		expectProblem(patch(as(cadre), "/api/v1/volunteer-teams/" + team, Map.of("members", 15, "reason", "人数")), 403,
				"FORBIDDEN_ROLE");
		expectProblem(patch(as(secretary), "/api/v1/volunteer-teams/" + team, Map.of("name", taken, "reason", "改名")),
				409, "VOLUNTEER_TEAM_EXISTS");
		String name = "新店镇青年志愿服务队 " + UUID.randomUUID();
		Team corrected = read(patch(as(secretary), "/api/v1/volunteer-teams/" + team,
				Map.of("name", " " + name + " ", "members", 15, "reason", "名称与人数登记错误")), Team.class);
		assertThat(corrected.name()).isEqualTo(name);
		assertThat(corrected.members()).isEqualTo(15);

		AuditEntry entry = trail(as(secretary), "volunteer-team", team).getFirst();
		assertThat(entry.action()).isEqualTo("CORRECT");
		assertThat(entry.before()).containsEntry("members", 12);
		assertThat(entry.after()).containsEntry("name", name).containsEntry("members", 15);
	}

	@Test
	void shouldLetTheManagerCorrectTheirOrganizationWithinTheWindowAndAnAdministratorAfterIt() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, YANCHENG);
		long home = create(as(secretary), "/api/v1/youth-homes",
				Map.of("name", "新店镇青年之家 " + UUID.randomUUID(), "townId", orgId(XINDIAN)));
		TestUser manager = identities().newUser("新店镇青年之家管理员");
		identities().grant(manager, Role.YOUTH_HOME_MANAGER, XINDIAN, home);
		TestUser otherManager = identities().newUser("另一位管理员");
		identities().grant(otherManager, Role.YOUTH_HOME_MANAGER, XINDIAN, home);
		create(as(manager), "/api/v1/youth-homes/" + home + "/organizations",
				Map.of("name", "书法社", "type", "CULTURE_SPORTS", "foundedOn", "2026-10-01"));
		long organization = create(as(manager), "/api/v1/youth-homes/" + home + "/organizations",
				Map.of("name", "读书社", "type", "THEORY_STUDY", "foundedOn", "2026-11-01"));
		String uri = "/api/v1/youth-organizations/" + organization;

		expectProblem(patch(as(otherManager), uri, Map.of("name", "读书会", "reason", "改名")), 403, "FORBIDDEN_ROLE");
		expectProblem(patch(as(manager), uri, Map.of("type", "NO_SUCH_TYPE", "reason", "改")), 400, "VALIDATION_FAILED");
		expectProblem(patch(as(manager), uri, Map.of("foundedOn", LocalDate.of(2099, 1, 1).toString(), "reason", "改")),
				422, "FOUNDED_IN_FUTURE");
		expectProblem(patch(as(manager), uri, Map.of("name", "书法社", "reason", "改名")), 409, "YOUTH_ORGANIZATION_EXISTS");
		Organization corrected = read(
				patch(as(manager), uri, Map.of("name", "青年读书会", "foundedOn", "2026-11-02", "reason", "名称写错")),
				Organization.class);
		assertThat(corrected.name()).isEqualTo("青年读书会");
		assertThat(corrected.type()).isEqualTo("THEORY_STUDY");
		assertThat(corrected.foundedOn()).isEqualTo("2026-11-02");

		// past the window (48 h after recording) the manager is refused; the secretary is
		// not
		execute("UPDATE youth_organization SET created_at = created_at - interval '49 hours' WHERE id = ?",
				organization);
		expectProblem(patch(as(manager), uri, Map.of("type", "VOLUNTEER_SERVICE", "reason", "类型")), 422,
				"AMEND_WINDOW_CLOSED")
			.jsonPath("$.detail")
			.value(detail -> assertThat((String) detail).contains("48"));
		as(manager).patch()
			.uri(uri)
			.header("Accept-Language", "en")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("type", "VOLUNTEER_SERVICE", "reason", "type"))
			.exchange()
			.expectBody()
			.jsonPath("$.detail")
			.value(detail -> assertThat((String) detail).contains("within 48 hours"));
		Organization byAdmin = read(patch(as(secretary), uri, Map.of("type", "VOLUNTEER_SERVICE", "reason", "类型")),
				Organization.class);
		assertThat(byAdmin.type()).isEqualTo("VOLUNTEER_SERVICE");

		List<AuditEntry> trail = trail(as(secretary), "youth-organization", organization);
		assertThat(trail).extracting(AuditEntry::actorId).containsExactly(manager.id(), secretary.id());
		assertThat(trail.getFirst().before()).containsEntry("name", "读书社").containsEntry("foundedOn", "2026-11-01");
		assertThat(trail.getFirst().after()).containsEntry("name", "青年读书会").containsEntry("foundedOn", "2026-11-02");
		assertThat(trail.get(1).after()).containsEntry("type", "VOLUNTEER_SERVICE");
	}

	@Test
	void shouldRefuseCorrectionsInAMonthClosedBySubmission() {
		YearMonth month = this.clock.currentMonth();
		long county = orgId(YUANHUI);
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, YUANHUI);
		TestUser cadre = identities().withRole(Role.CADRE, YUANHUI);
		WebTestClient admin = as(identities().withRole(Role.CITY_ADMIN, "4111"));
		long theme = monthTheme(as(secretary), county, month);
		long visit = create(as(cadre), "/api/v1/visits", checkIn(orgId(DALIU), "note", "大刘镇走访"));

		long submission = create(as(secretary), "/api/v1/reports/submissions",
				Map.of("countyId", county, "month", month.toString()));
		try {
			expectProblem(patch(as(secretary), "/api/v1/themes/" + theme, Map.of("title", "改", "reason", "改")), 422,
					"MONTH_CLOSED")
				.jsonPath("$.detail")
				.value(detail -> assertThat((String) detail).contains(month.toString()));
			expectProblem(patch(as(cadre), "/api/v1/visits/" + visit, Map.of("note", "改")), 422, "MONTH_CLOSED");
			expectProblem(patch(as(secretary), "/api/v1/visits/" + visit, Map.of("note", "改", "reason", "改")), 422,
					"MONTH_CLOSED");
		}
		finally {
			admin.post()
				.uri("/api/v1/reports/submissions/" + submission + "/reopen")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("reason", "更正记录"))
				.exchange()
				.expectStatus()
				.isOk();
		}
		patch(as(cadre), "/api/v1/visits/" + visit, Map.of("note", "大刘镇两个村")).expectStatus().isOk();
	}

	@Test
	void shouldListVisitCorrectionsAndVoidsInTheOneAuditTrail() {
		TestUser cadre = identities().withRole(Role.CADRE, YUANHUI);
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, YUANHUI);
		long visit = create(as(cadre), "/api/v1/visits", checkIn(orgId(DALIU), "note", "初稿"));

		patch(as(cadre), "/api/v1/visits/" + visit, Map.of("note", "走访大刘镇两个村")).expectStatus().isOk();
		patch(as(secretary), "/api/v1/visits/" + visit, Map.of("note", "走访大刘镇三个村", "reason", "村数登记错误")).expectStatus()
			.isOk();
		post(as(secretary), "/api/v1/visits/" + visit + "/void", Map.of("reason", "重复走访记录"));

		List<AuditEntry> trail = trail(as(secretary), "visit", visit);
		assertThat(trail).extracting(AuditEntry::action).containsExactly("CORRECT", "CORRECT", "VOID");
		assertThat(trail).extracting(AuditEntry::actorId).containsExactly(cadre.id(), secretary.id(), secretary.id());
		assertThat(trail).extracting(AuditEntry::reason).containsExactly(null, "村数登记错误", "重复走访记录");
		assertThat(trail.getFirst().before()).containsEntry("note", "初稿");
		assertThat(trail.getFirst().after()).isEqualTo(Map.of("note", "走访大刘镇两个村"));
		assertThat(trail.get(1).before()).containsEntry("note", "走访大刘镇两个村");
		assertThat(trail.get(2).after()).containsEntry("voidReason", "重复走访记录");
		// what /changes served stays: the two corrections, changed fields only
		List<VisitChange> changes = as(secretary).get()
			.uri("/api/v1/visits/" + visit + "/changes")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Responses.page(VisitChange.class))
			.returnResult()
			.getResponseBody()
			.items();
		assertThat(changes).extracting(VisitChange::after)
			.containsExactly(Map.of("note", "走访大刘镇两个村"), Map.of("note", "走访大刘镇三个村"));
	}

	private static YearMonth farMonth() {
		return YearMonth.of(2100 + (int) (Math.abs(UUID.randomUUID().getLeastSignificantBits()) % 800),
				1 + (int) (Math.abs(System.nanoTime()) % 12));
	}

	private static long monthTheme(WebTestClient secretary, long county, YearMonth month) {
		List<Theme> themes = secretary.get()
			.uri("/api/v1/themes?countyId=" + county + "&month=" + month)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Responses.page(Theme.class))
			.returnResult()
			.getResponseBody()
			.items();
		return themes.stream()
			.filter(theme -> theme.voidedAt() == null)
			.map(Theme::id)
			.findFirst()
			.orElseGet(() -> create(secretary, "/api/v1/themes",
					Map.of("countyId", county, "month", month.toString(), "title", "乡村振兴青年行")));
	}

	private static List<AuditEntry> trail(WebTestClient client, String kind, long recordId) {
		return client.get()
			.uri("/api/v1/record-audit?kind=" + kind + "&recordId=" + recordId)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Responses.page(AuditEntry.class))
			.returnResult()
			.getResponseBody()
			.items();
	}

	private static long create(WebTestClient client, String uri, Object body) {
		return client.post()
			.uri(uri)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Identified.class)
			.returnResult()
			.getResponseBody()
			.id();
	}

	private static void post(WebTestClient client, String uri, Object body) {
		client.post().uri(uri).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isOk();
	}

	private static WebTestClient.ResponseSpec patch(WebTestClient client, String uri, Object body) {
		return client.patch().uri(uri).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

	private static <T> T read(WebTestClient.ResponseSpec response, Class<T> type) {
		return response.expectStatus().isOk().expectBody(type).returnResult().getResponseBody();
	}

}
