package cn.luohe.grassroots.forms.web;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.forms.api.FormReminders;
import cn.luohe.grassroots.forms.api.PendingForms;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Db;
import cn.luohe.grassroots.support.TestUser;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.support.Problems.expectProblem;
import static cn.luohe.grassroots.visit.VisitFixtures.get;
import static cn.luohe.grassroots.visit.VisitFixtures.id;
import static cn.luohe.grassroots.visit.VisitFixtures.items;
import static cn.luohe.grassroots.visit.VisitFixtures.orgId;
import static cn.luohe.grassroots.visit.VisitFixtures.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Submitting the monthly forms, reopening, the city's list and the reminder hook. The
 * test clock stands at 2026-12-03 (Asia/Shanghai): December is before its 28th, November
 * past it. Each test submits for a unit and month no other test submits for, and reopens
 * what it submitted.
 */
class FormSubmissionApiTests extends ApiTest {

	static final String ZHAOLING = "411104";

	static final String XICHENG = "4111F2";

	static final String SHIFANQU = "4111F1";

	static final String WUYANG = "411121";

	static final String LINYING = "411122";

	@Autowired
	BusinessClock clock;

	@Autowired
	FormReminders reminders;

	@Test
	void shouldSubmitOnceFreezeAndReopenOnlyWithAReason() {
		String month = this.clock.currentMonth().toString();
		long unit = orgId(ZHAOLING);
		TestUser secretaryUser = identities().withRole(Role.COUNTY_SECRETARY, ZHAOLING);
		WebTestClient secretary = as(secretaryUser);
		TestUser adminUser = identities().withRole(Role.CITY_ADMIN, "4111");
		WebTestClient admin = as(adminUser);

		Map<String, Object> submission = submit(secretary, unit, month, "forms-submit-" + unit, 201);
		long submissionId = id(submission);
		try {
			assertThat(submission).containsEntry("status", "SUBMITTED")
				.containsEntry("late", false)
				.containsEntry("unitName", "召陵区")
				.containsEntry("submittedBy", secretaryUser.displayName());
			// the same key answers the first submission; another submission is refused
			assertThat(id(submit(secretary, unit, month, "forms-submit-" + unit, 201))).isEqualTo(submissionId);
			expectProblem(submit(secretary, unit, month, null, 409), "ALREADY_SUBMITTED");
			// the form shows the frozen snapshot, the live draft on request
			Map<String, Object> frozen = get(secretary, "/api/v1/forms/school?month=" + month + "&unitId=" + unit, 200);
			assertThat(frozen).containsEntry("status", "SUBMITTED")
				.containsEntry("frozen", true)
				.containsEntry("filledBy", secretaryUser.displayName())
				.containsEntry("filledOn", "2026-12-03");
			assertThat(((Number) frozen.get("submissionId")).longValue()).isEqualTo(submissionId);
			Map<String, Object> live = get(secretary,
					"/api/v1/forms/social?month=" + month + "&unitId=" + unit + "&live=true", 200);
			assertThat(live).containsEntry("status", "SUBMITTED").containsEntry("frozen", false);
			// nothing is added to a submitted month
			expectProblem(post(secretary, "/api/v1/forms/social/lines", Map.of("month", month, "unitId", unit, "column",
					"socialOrganizations", "name", "补录团支部", "date", "2026-12-02", "hostUnitId", 1, "type", "BRANCH"),
					409), "FORM_SUBMITTED");
			// the city sees it on time
			assertThat(items(get(admin, "/api/v1/forms/submissions?month=" + month, 200)))
				.filteredOn(row -> ((Number) row.get("unitId")).longValue() == unit)
				.singleElement()
				.satisfies(row -> assertThat(row).containsEntry("status", "SUBMITTED").containsEntry("flag", "RED"));
			// only a CITY_ADMIN reopens, with a reason
			expectProblem(post(secretary, "/api/v1/forms/submissions/" + submissionId + "/reopen",
					Map.of("reason", "补报"), 403), "FORBIDDEN_ROLE");
			expectProblem(
					post(admin, "/api/v1/forms/submissions/" + submissionId + "/reopen", Map.of("reason", " "), 400),
					"VALIDATION_FAILED");
		}
		finally {
			Map<String, Object> reopened = post(admin, "/api/v1/forms/submissions/" + submissionId + "/reopen",
					Map.of("reason", "漏报一个团支部"), 200);
			assertThat(reopened).containsEntry("reopenReason", "漏报一个团支部");
			assertThat(reopened.get("reopenedAt")).isNotNull();
		}
		expectProblem(post(admin, "/api/v1/forms/submissions/" + submissionId + "/reopen", Map.of("reason", "再开"), 409),
				"ALREADY_REOPENED");
		// audited: who submitted, who reopened and why
		assertThat(Db.count("SELECT count(*) FROM form_audit WHERE submission_id = ? AND event = 'SUBMITTED'"
				+ " AND actor_user_id = ?", submissionId, secretaryUser.id()))
			.isEqualTo(1);
		assertThat(Db.count("SELECT count(*) FROM form_audit WHERE submission_id = ? AND event = 'REOPENED'"
				+ " AND actor_user_id = ? AND reason = '漏报一个团支部'", submissionId, adminUser.id()))
			.isEqualTo(1);
		// a draft again, and it can be submitted anew
		assertThat(get(secretary, "/api/v1/forms/school?month=" + month + "&unitId=" + unit, 200))
			.containsEntry("status", "DRAFT")
			.containsEntry("frozen", false)
			.containsEntry("filledBy", secretaryUser.displayName());
		long again = id(submit(secretary, unit, month, null, 201));
		assertThat(again).isNotEqualTo(submissionId);
		post(admin, "/api/v1/forms/submissions/" + again + "/reopen", Map.of("reason", "测试结束"), 200);
	}

	@Test
	void shouldMarkALateSubmissionAndFlagMissingOnesBlackAfterThe28th() {
		String november = this.clock.currentMonth().minusMonths(1).toString();
		String december = this.clock.currentMonth().toString();
		long unit = orgId(XICHENG);
		WebTestClient secretary = as(identities().withRole(Role.COUNTY_SECRETARY, XICHENG));
		WebTestClient admin = as(identities().withRole(Role.CITY_ADMIN, "4111"));
		Map<String, Object> submission = submit(secretary, unit, november, null, 201);
		try {
			assertThat(submission).containsEntry("status", "LATE").containsEntry("late", true);
			List<Map<String, Object>> rows = items(get(admin, "/api/v1/forms/submissions?month=" + november, 200));
			// every county-level unit and every department, once
			assertThat(rows).hasSize(13);
			assertThat(rows).extracting(row -> row.get("unitLevel"))
				.containsOnly("COUNTY", "DEPARTMENT")
				.filteredOn("DEPARTMENT"::equals)
				.hasSize(5);
			assertThat(rows).filteredOn(row -> ((Number) row.get("unitId")).longValue() == unit)
				.singleElement()
				.satisfies(row -> assertThat(row).containsEntry("status", "LATE").containsEntry("flag", "YELLOW"));
			assertThat(rows).filteredOn(row -> ((Number) row.get("unitId")).longValue() == orgId("4111-SLB"))
				.singleElement()
				.satisfies(row -> assertThat(row).containsEntry("status", "MISSING")
					.containsEntry("flag", "BLACK")
					.containsEntry("submittedAt", null));
			// before the 28th an unsubmitted unit is a draft, not missing
			assertThat(items(get(admin, "/api/v1/forms/submissions?month=" + december, 200)))
				.filteredOn(row -> ((Number) row.get("unitId")).longValue() == orgId("4111-SLB"))
				.singleElement()
				.satisfies(row -> assertThat(row).containsEntry("status", "DRAFT").containsEntry("flag", "NONE"));
			assertThat(get(secretary, "/api/v1/forms/social?month=" + november + "&unitId=" + unit, 200))
				.containsEntry("status", "LATE")
				.containsEntry("frozen", true);
		}
		finally {
			post(admin, "/api/v1/forms/submissions/" + id(submission) + "/reopen", Map.of("reason", "测试"), 200);
		}
	}

	@Test
	void shouldKeepEachUnitToItsOwnForms() {
		String month = this.clock.currentMonth().toString();
		WebTestClient secretary = as(identities().withRole(Role.COUNTY_SECRETARY, WUYANG));
		long linying = orgId(LINYING);
		expectProblem(submit(secretary, linying, month, null, 403), "FORBIDDEN_SCOPE");
		expectProblem(get(secretary, "/api/v1/forms/school?month=" + month + "&unitId=" + linying, 403),
				"FORBIDDEN_SCOPE");
		expectProblem(get(secretary, "/api/v1/forms/social/export?month=" + month + "&unitId=" + linying, 403),
				"FORBIDDEN_SCOPE");
		// the whole city's export is for the city's roles
		expectProblem(get(secretary, "/api/v1/forms/social/export?month=" + month, 403), "FORBIDDEN_ROLE");
		// a secretary's list holds their own county only
		assertThat(items(get(secretary, "/api/v1/forms/submissions?month=" + month, 200)))
			.extracting(row -> ((Number) row.get("unitId")).longValue())
			.containsExactly(orgId(WUYANG));
		// a town fills no forms; a month not begun cannot be submitted
		expectProblem(get(secretary, "/api/v1/forms/school?month=" + month + "&unitId=" + orgId("411121100"), 400),
				"VALIDATION_FAILED");
		expectProblem(submit(secretary, orgId(WUYANG), this.clock.currentMonth().plusMonths(1).toString(), null, 422),
				"MONTH_NOT_STARTED");
		expectProblem(get(secretary, "/api/v1/forms/budget?month=" + month + "&unitId=" + orgId(WUYANG), 404),
				"NOT_FOUND");
		expectProblem(get(secretary, "/api/v1/forms/school?month=2026-13&unitId=" + orgId(WUYANG), 400),
				"VALIDATION_FAILED");
		// a department sees its own department only
		WebTestClient schools = as(identities().withRole(Role.DEPARTMENT_STAFF, "4111-XSB"));
		expectProblem(get(schools, "/api/v1/forms/school?month=" + month + "&unitId=" + orgId("4111-ZZB"), 403),
				"FORBIDDEN_SCOPE");
		expectProblem(get(schools, "/api/v1/forms/school?month=" + month + "&unitId=" + orgId(WUYANG), 403),
				"FORBIDDEN_SCOPE");
		assertThat(get(schools, "/api/v1/forms/school?month=" + month + "&unitId=" + orgId("4111-XSB"), 200))
			.containsEntry("unitName", "学校少年部");
		// nobody without a role lists anything
		expectProblem(get(as(identities().newUser("无角色")), "/api/v1/forms/submissions?month=" + month, 403),
				"FORBIDDEN_ROLE");
	}

	@Test
	void shouldTellAReminderWhoHasNotSubmittedAndHowManyDaysAreLeft() {
		YearMonth month = this.clock.currentMonth();
		long unit = orgId(SHIFANQU);
		List<PendingForms> before = this.reminders.pending(month).collectList().block();
		assertThat(before).extracting(PendingForms::unitId).contains(unit, orgId("4111-ZZB"));
		assertThat(before).allSatisfy(pending -> {
			assertThat(pending.dueOn()).isEqualTo(LocalDate.of(2026, 12, 28));
			assertThat(pending.daysLeft()).isEqualTo(25);
			assertThat(pending.overdue()).isFalse();
		});
		assertThat(this.reminders.pending(month.minusMonths(1)).blockFirst().daysLeft()).isEqualTo(-5);
		Map<String, Object> submission = submit(as(identities().withRole(Role.COUNTY_SECRETARY, SHIFANQU)), unit,
				month.toString(), null, 201);
		try {
			assertThat(this.reminders.pending(month).collectList().block()).extracting(PendingForms::unitId)
				.doesNotContain(unit)
				.contains(orgId("4111-ZZB"));
		}
		finally {
			post(as(identities().withRole(Role.CITY_ADMIN, "4111")),
					"/api/v1/forms/submissions/" + id(submission) + "/reopen", Map.of("reason", "测试"), 200);
		}
		assertThat(this.reminders.pending(month).collectList().block()).extracting(PendingForms::unitId).contains(unit);
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> submit(WebTestClient client, long unitId, String month, String idempotencyKey,
			int expectedStatus) {
		return client.post()
			.uri("/api/v1/forms/submissions")
			.contentType(MediaType.APPLICATION_JSON)
			.headers(headers -> {
				if (idempotencyKey != null) {
					headers.set("Idempotency-Key", idempotencyKey);
				}
			})
			.bodyValue(Map.of("unitId", unitId, "month", month))
			.exchange()
			.expectStatus()
			.isEqualTo(expectedStatus)
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

}
