package cn.luohe.grassroots.dashboard.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.dashboard.web.DashboardTestViews.Submission;
import cn.luohe.grassroots.dashboard.web.DashboardTestViews.SubmissionStatus;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Db;
import cn.luohe.grassroots.support.TestUser;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.dashboard.web.DashboardFixtures.activity;
import static cn.luohe.grassroots.dashboard.web.DashboardFixtures.activityRequest;
import static cn.luohe.grassroots.dashboard.web.DashboardFixtures.createHome;
import static cn.luohe.grassroots.dashboard.web.DashboardFixtures.logActivity;
import static cn.luohe.grassroots.support.Problems.expectProblem;
import static cn.luohe.grassroots.visit.VisitFixtures.items;
import static cn.luohe.grassroots.visit.VisitFixtures.orgId;
import static cn.luohe.grassroots.visit.VisitFixtures.post;
import static cn.luohe.grassroots.visit.VisitFixtures.send;
import static org.springframework.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 28th-day submission, on 源汇区 (a county no other test class writes to), reopened at
 * the end of each test so that the month stays open for everyone else.
 */
class SubmissionApiTests extends ApiTest {

	static final String YUANHUI = "411102";

	static final String YUANHUI_TOWN = "411102001";

	@Autowired
	BusinessClock clock;

	@Test
	void shouldFreezeTheMonthUntilACityAdminReopensIt() {
		String month = this.clock.currentMonth().toString();
		long county = orgId(YUANHUI);
		WebTestClient secretary = as(identities().withRole(Role.COUNTY_SECRETARY, YUANHUI));
		WebTestClient admin = as(identities().withRole(Role.CITY_ADMIN, "4111"));
		long home = createHome(secretary, orgId(YUANHUI_TOWN), "源汇区青年之家 " + this.clock.now().toEpochMilli());
		TestUser manager = identities().newUser("源汇区青年之家管理员");
		identities().grant(manager, Role.YOUTH_HOME_MANAGER, YUANHUI_TOWN, home);

		Submission submission = post(secretary, "/api/v1/reports/submissions",
				Map.of("countyId", county, "month", month), 201, Submission.class);
		long submissionId = submission.id();
		try {
			assertThat(submission.late()).isFalse();
			expectProblem(
					send(secretary, POST, "/api/v1/reports/submissions", Map.of("countyId", county, "month", month)),
					409, "ALREADY_SUBMITTED");
			// the month is closed for new records
			expectProblem(activityRequest(as(manager), home, activity(this.clock.now().minus(Duration.ofHours(5)), 10),
					"closed-" + home), 422, "MONTH_CLOSED");
			// the city sees who has submitted
			assertThat(items(admin, "/api/v1/reports/submissions?month=" + month, SubmissionStatus.class))
				.anySatisfy(row -> {
					assertThat(row.countyId()).isEqualTo(county);
					assertThat(row.submitted()).isTrue();
				});
			// only a CITY_ADMIN reopens
			expectProblem(send(secretary, POST, "/api/v1/reports/submissions/" + submissionId + "/reopen",
					Map.of("reason", "补报")), 403, "FORBIDDEN_ROLE");
		}
		finally {
			post(admin, "/api/v1/reports/submissions/" + submissionId + "/reopen", Map.of("reason", "补录活动"), 200,
					Submission.class);
		}
		logActivity(as(manager), home, activity(this.clock.now().minus(Duration.ofHours(5)), 10), "open-" + home);
	}

	@Test
	void shouldMarkASubmissionAfterThe28thLate() {
		String previous = this.clock.currentMonth().minusMonths(1).toString();
		WebTestClient secretary = as(identities().withRole(Role.COUNTY_SECRETARY, YUANHUI));
		WebTestClient admin = as(identities().withRole(Role.CITY_ADMIN, "4111"));
		Submission submission = post(secretary, "/api/v1/reports/submissions",
				Map.of("countyId", orgId(YUANHUI), "month", previous), 201, Submission.class);
		try {
			assertThat(submission.late()).isTrue();
		}
		finally {
			Submission reopened = post(admin, "/api/v1/reports/submissions/" + submission.id() + "/reopen",
					Map.of("reason", "测试"), 200, Submission.class);
			assertThat(reopened.reopenReason()).isEqualTo("测试");
		}
	}

	@Test
	void shouldKeepOneOfSubmissionsSentAtOnce() throws Exception {
		// a secretary tapping twice, or two of a county's secretaries at the same time
		String month = this.clock.currentMonth().minusMonths(2).toString();
		WebTestClient secretary = as(identities().withRole(Role.COUNTY_SECRETARY, YUANHUI));
		WebTestClient admin = as(identities().withRole(Role.CITY_ADMIN, "4111"));
		long county = orgId(YUANHUI);
		List<CompletableFuture<Integer>> sent = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			sent.add(CompletableFuture.supplyAsync(() -> secretary.post()
				.uri("/api/v1/reports/submissions")
				.bodyValue(Map.of("countyId", county, "month", month))
				.exchange()
				.returnResult(String.class)
				.getStatus()
				.value()));
		}
		List<Integer> statuses = new ArrayList<>();
		for (CompletableFuture<Integer> status : sent) {
			statuses.add(status.get(30, TimeUnit.SECONDS));
		}
		long id = Db.single(
				"SELECT id FROM county_submission WHERE county_id = ? AND month = ?::date" + " AND reopened_at IS NULL",
				Long.class, county, month + "-01");
		try {
			assertThat(statuses).containsExactlyInAnyOrder(201, 409, 409, 409);
		}
		finally {
			post(admin, "/api/v1/reports/submissions/" + id + "/reopen", Map.of("reason", "测试"), 200, Submission.class);
		}
	}

	@Test
	void shouldRefuseSubmittingAnotherCountyOrAFutureMonth() {
		WebTestClient secretary = as(identities().withRole(Role.COUNTY_SECRETARY, YUANHUI));
		expectProblem(
				send(secretary, POST, "/api/v1/reports/submissions",
						Map.of("countyId", orgId("411122"), "month", this.clock.currentMonth().toString())),
				403, "FORBIDDEN_SCOPE");
		expectProblem(send(secretary, POST, "/api/v1/reports/submissions",
				Map.of("countyId", orgId(YUANHUI), "month", this.clock.currentMonth().plusMonths(1).toString())), 422,
				"MONTH_NOT_STARTED");
	}

}
