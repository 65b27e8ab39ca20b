package cn.luohe.grassroots.dashboard.web;

import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.dashboard.web.DashboardTestViews.Submission;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.Db;
import cn.luohe.grassroots.support.Identities;
import cn.luohe.grassroots.support.RoundTripTest;
import cn.luohe.grassroots.support.TestUser;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A county's monthly submission is one statement on its own (issue 19): the checks and
 * the dashboards' snapshot are read before it, and the open-submission index makes the
 * insert atomic without a transaction. 召陵区's month 40 months back is submitted by no
 * other test, and reopened at the end.
 */
class SubmissionRoundTripTests extends RoundTripTest {

	private static final String ZHAOLING = "411104";

	@Test
	void shouldSubmitACountysMonthInOneStatement() {
		Identities identities = new Identities(client);
		TestUser secretary = identities.withRole(Role.COUNTY_SECRETARY, ZHAOLING);
		TestUser admin = identities.withRole(Role.CITY_ADMIN, "4111");
		YearMonth month = instance.context().getBean(BusinessClock.class).currentMonth().minusMonths(40);
		statements.clear();

		Submission submission = created(secretary, null,
				Map.of("countyId", Db.orgId(ZHAOLING), "month", month.toString()), Submission.class,
				"/api/v1/reports/submissions");
		try {
			List<List<String>> writes = statements.transactionsWith("INSERT INTO county_submission");
			assertThat(writes).hasSize(1);
			assertThat(writes.get(0)).hasSize(1);
			assertThat(writes.get(0).get(0)).contains("ON CONFLICT");
		}
		finally {
			client.post()
				.uri("/api/v1/reports/submissions/{id}/reopen", submission.id())
				.header("Authorization", admin.bearer())
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("reason", "往返测试"))
				.exchange()
				.expectStatus()
				.isOk();
		}
	}

}
