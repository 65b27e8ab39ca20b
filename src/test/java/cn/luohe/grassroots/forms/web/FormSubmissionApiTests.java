package cn.luohe.grassroots.forms.web;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.forms.api.FormReminders;
import cn.luohe.grassroots.forms.api.PendingForms;
import cn.luohe.grassroots.forms.web.FormTestViews.Form;
import cn.luohe.grassroots.forms.web.FormTestViews.Submission;
import cn.luohe.grassroots.forms.web.FormTestViews.SubmissionList;
import cn.luohe.grassroots.forms.web.FormTestViews.SubmissionRow;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Db;
import cn.luohe.grassroots.support.TestUser;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.forms.web.FormFixtures.form;
import static cn.luohe.grassroots.support.Problems.expectProblem;
import static cn.luohe.grassroots.visit.VisitFixtures.get;
import static cn.luohe.grassroots.visit.VisitFixtures.orgId;
import static cn.luohe.grassroots.visit.VisitFixtures.post;
import static cn.luohe.grassroots.visit.VisitFixtures.send;
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
	void shouldRefuseAMonthBefore2000() {
		WebTestClient secretary = as(identities().withRole(Role.COUNTY_SECRETARY, ZHAOLING));
		// 0000-01 was stored as -0001-12
		expectProblem(submission(secretary, orgId(ZHAOLING), "0000-01", null), 400, "VALIDATION_FAILED")
			.jsonPath("$.errors[0].field")
			.isEqualTo("month");
	}

	@Test
	void shouldSubmitOnceFreezeAndReopenOnlyWithAReason() {
		String month = this.clock.currentMonth().toString();
		long unit = orgId(ZHAOLING);
		TestUser secretaryUser = identities().withRole(Role.COUNTY_SECRETARY, ZHAOLING);
		WebTestClient secretary = as(secretaryUser);
		TestUser adminUser = identities().withRole(Role.CITY_ADMIN, "4111");
		WebTestClient admin = as(adminUser);

		Submission submission = submit(secretary, unit, month, "forms-submit-" + unit);
		long submissionId = submission.id();
		try {
			assertThat(submission)
				.extracting(Submission::status, Submission::late, Submission::unitName, Submission::submittedBy)
				.containsExactly("SUBMITTED", false, "召陵区", secretaryUser.displayName());
			// the same key answers the first submission; another submission is refused
			assertThat(submit(secretary, unit, month, "forms-submit-" + unit).id()).isEqualTo(submissionId);
			expectProblem(submission(secretary, unit, month, null), 409, "ALREADY_SUBMITTED");
			// the form shows the frozen snapshot, the live draft on request
			Form frozen = form(secretary, "/api/v1/forms/school?month=" + month + "&unitId=" + unit);
			assertThat(frozen).extracting(Form::status, Form::frozen, Form::filledBy, Form::filledOn)
				.containsExactly("SUBMITTED", true, secretaryUser.displayName(), "2026-12-03");
			assertThat(frozen.submissionId()).isEqualTo(submissionId);
			Form live = form(secretary, "/api/v1/forms/social?month=" + month + "&unitId=" + unit + "&live=true");
			assertThat(live).extracting(Form::status, Form::frozen).containsExactly("SUBMITTED", false);
			// nothing is added to a submitted month
			expectProblem(send(secretary, HttpMethod.POST, "/api/v1/forms/social/lines",
					Map.of("month", month, "unitId", unit, "column", "socialOrganizations", "name", "补录团支部", "date",
							"2026-12-02", "hostUnitId", 1, "type", "BRANCH")),
					409, "FORM_SUBMITTED");
			// the city sees it on time
			assertThat(rows(admin, month)).filteredOn(row -> row.unitId() == unit)
				.singleElement()
				.satisfies(row -> assertThat(row).extracting(SubmissionRow::status, SubmissionRow::flag)
					.containsExactly("SUBMITTED", "RED"));
			// only a CITY_ADMIN reopens, with a reason
			expectProblem(send(secretary, HttpMethod.POST, "/api/v1/forms/submissions/" + submissionId + "/reopen",
					Map.of("reason", "补报")), 403, "FORBIDDEN_ROLE");
			expectProblem(send(admin, HttpMethod.POST, "/api/v1/forms/submissions/" + submissionId + "/reopen",
					Map.of("reason", " ")), 400, "VALIDATION_FAILED");
		}
		finally {
			Submission reopened = post(admin, "/api/v1/forms/submissions/" + submissionId + "/reopen",
					Map.of("reason", "漏报一个团支部"), 200, Submission.class);
			assertThat(reopened.reopenReason()).isEqualTo("漏报一个团支部");
			assertThat(reopened.reopenedAt()).isNotNull();
		}
		expectProblem(send(admin, HttpMethod.POST, "/api/v1/forms/submissions/" + submissionId + "/reopen",
				Map.of("reason", "再开")), 409, "ALREADY_REOPENED");
		// audited: who submitted, who reopened and why
		assertThat(Db.count("SELECT count(*) FROM form_audit WHERE submission_id = ? AND event = 'SUBMITTED'"
				+ " AND actor_user_id = ?", submissionId, secretaryUser.id()))
			.isEqualTo(1);
		assertThat(Db.count("SELECT count(*) FROM form_audit WHERE submission_id = ? AND event = 'REOPENED'"
				+ " AND actor_user_id = ? AND reason = '漏报一个团支部'", submissionId, adminUser.id()))
			.isEqualTo(1);
		// a draft again, and it can be submitted anew
		assertThat(form(secretary, "/api/v1/forms/school?month=" + month + "&unitId=" + unit))
			.extracting(Form::status, Form::frozen, Form::filledBy)
			.containsExactly("DRAFT", false, secretaryUser.displayName());
		long again = submit(secretary, unit, month, null).id();
		assertThat(again).isNotEqualTo(submissionId);
		post(admin, "/api/v1/forms/submissions/" + again + "/reopen", Map.of("reason", "测试结束"), 200, Submission.class);
	}

	@Test
	void shouldMarkALateSubmissionAndFlagMissingOnesBlackAfterThe28th() {
		String november = this.clock.currentMonth().minusMonths(1).toString();
		String december = this.clock.currentMonth().toString();
		long unit = orgId(XICHENG);
		WebTestClient secretary = as(identities().withRole(Role.COUNTY_SECRETARY, XICHENG));
		WebTestClient admin = as(identities().withRole(Role.CITY_ADMIN, "4111"));
		Submission submission = submit(secretary, unit, november, null);
		try {
			assertThat(submission).extracting(Submission::status, Submission::late).containsExactly("LATE", true);
			List<SubmissionRow> rows = rows(admin, november);
			// every county-level unit and every department, once
			assertThat(rows).hasSize(13);
			assertThat(rows).extracting(SubmissionRow::unitLevel)
				.containsOnly("COUNTY", "DEPARTMENT")
				.filteredOn("DEPARTMENT"::equals)
				.hasSize(5);
			assertThat(rows).filteredOn(row -> row.unitId() == unit)
				.singleElement()
				.satisfies(row -> assertThat(row).extracting(SubmissionRow::status, SubmissionRow::flag)
					.containsExactly("LATE", "YELLOW"));
			assertThat(rows).filteredOn(row -> row.unitId() == orgId("4111-SLB"))
				.singleElement()
				.satisfies(row -> assertThat(row)
					.extracting(SubmissionRow::status, SubmissionRow::flag, SubmissionRow::submittedAt)
					.containsExactly("MISSING", "BLACK", null));
			// before the 28th an unsubmitted unit is a draft, not missing
			assertThat(rows(admin, december)).filteredOn(row -> row.unitId() == orgId("4111-SLB"))
				.singleElement()
				.satisfies(row -> assertThat(row).extracting(SubmissionRow::status, SubmissionRow::flag)
					.containsExactly("DRAFT", "NONE"));
			assertThat(form(secretary, "/api/v1/forms/social?month=" + november + "&unitId=" + unit))
				.extracting(Form::status, Form::frozen)
				.containsExactly("LATE", true);
		}
		finally {
			post(admin, "/api/v1/forms/submissions/" + submission.id() + "/reopen", Map.of("reason", "测试"), 200,
					Submission.class);
		}
	}

	@Test
	void shouldKeepEachUnitToItsOwnForms() {
		String month = this.clock.currentMonth().toString();
		WebTestClient secretary = as(identities().withRole(Role.COUNTY_SECRETARY, WUYANG));
		long linying = orgId(LINYING);
		expectProblem(submission(secretary, linying, month, null), 403, "FORBIDDEN_SCOPE");
		expectProblem(read(secretary, "/api/v1/forms/school?month=" + month + "&unitId=" + linying), 403,
				"FORBIDDEN_SCOPE");
		expectProblem(read(secretary, "/api/v1/forms/social/export?month=" + month + "&unitId=" + linying), 403,
				"FORBIDDEN_SCOPE");
		// the whole city's export is for the city's roles
		expectProblem(read(secretary, "/api/v1/forms/social/export?month=" + month), 403, "FORBIDDEN_ROLE");
		// a secretary's list holds their own county only
		assertThat(rows(secretary, month)).extracting(SubmissionRow::unitId).containsExactly(orgId(WUYANG));
		// a town fills no forms; a month not begun cannot be submitted
		expectProblem(read(secretary, "/api/v1/forms/school?month=" + month + "&unitId=" + orgId("411121100")), 400,
				"VALIDATION_FAILED");
		expectProblem(submission(secretary, orgId(WUYANG), this.clock.currentMonth().plusMonths(1).toString(), null),
				422, "MONTH_NOT_STARTED");
		expectProblem(read(secretary, "/api/v1/forms/budget?month=" + month + "&unitId=" + orgId(WUYANG)), 404,
				"NOT_FOUND");
		expectProblem(read(secretary, "/api/v1/forms/school?month=2026-13&unitId=" + orgId(WUYANG)), 400,
				"VALIDATION_FAILED");
		// a department sees its own department only
		WebTestClient schools = as(identities().withRole(Role.DEPARTMENT_STAFF, "4111-XSB"));
		expectProblem(read(schools, "/api/v1/forms/school?month=" + month + "&unitId=" + orgId("4111-ZZB")), 403,
				"FORBIDDEN_SCOPE");
		expectProblem(read(schools, "/api/v1/forms/school?month=" + month + "&unitId=" + orgId(WUYANG)), 403,
				"FORBIDDEN_SCOPE");
		assertThat(form(schools, "/api/v1/forms/school?month=" + month + "&unitId=" + orgId("4111-XSB")).unitName())
			.isEqualTo("学校少年部");
		// nobody without a role lists anything
		expectProblem(read(as(identities().newUser("无角色")), "/api/v1/forms/submissions?month=" + month), 403,
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
		Submission submission = submit(as(identities().withRole(Role.COUNTY_SECRETARY, SHIFANQU)), unit,
				month.toString(), null);
		try {
			assertThat(this.reminders.pending(month).collectList().block()).extracting(PendingForms::unitId)
				.doesNotContain(unit)
				.contains(orgId("4111-ZZB"));
		}
		finally {
			post(as(identities().withRole(Role.CITY_ADMIN, "4111")),
					"/api/v1/forms/submissions/" + submission.id() + "/reopen", Map.of("reason", "测试"), 200,
					Submission.class);
		}
		assertThat(this.reminders.pending(month).collectList().block()).extracting(PendingForms::unitId).contains(unit);
	}

	/** Submits a unit's month (201), with an idempotency key when one is given. */
	static Submission submit(WebTestClient client, long unitId, String month, @Nullable String idempotencyKey) {
		Submission submission = submission(client, unitId, month, idempotencyKey).expectStatus()
			.isCreated()
			.expectBody(Submission.class)
			.returnResult()
			.getResponseBody();
		assertThat(submission).as("a submission").isNotNull();
		return submission;
	}

	/** A submission's request, its answer still to be read. */
	static WebTestClient.ResponseSpec submission(WebTestClient client, long unitId, String month,
			@Nullable String idempotencyKey) {
		return client.post()
			.uri("/api/v1/forms/submissions")
			.contentType(MediaType.APPLICATION_JSON)
			.headers(headers -> {
				if (idempotencyKey != null) {
					headers.set("Idempotency-Key", idempotencyKey);
				}
			})
			.bodyValue(Map.of("unitId", unitId, "month", month))
			.exchange();
	}

	/** The rows of the month's submissions list the caller sees. */
	private static List<SubmissionRow> rows(WebTestClient client, String month) {
		return get(client, "/api/v1/forms/submissions?month=" + month, 200, SubmissionList.class).items();
	}

	/** A GET, its answer still to be read. */
	private static WebTestClient.ResponseSpec read(WebTestClient client, String uri) {
		return client.get().uri(uri).exchange();
	}

}
