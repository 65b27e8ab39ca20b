package cn.luohe.grassroots.forms.web;

import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.forms.web.FormTestViews.Submission;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.Db;
import cn.luohe.grassroots.support.Identities;
import cn.luohe.grassroots.support.RoundTripTest;
import cn.luohe.grassroots.support.TestUser;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.support.Problems.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A form submission's transaction holds at most three statements (issue 19): its
 * idempotency key, the submission with its audit row in one {@code WITH} statement (which
 * also refuses a month already submitted), and the stored answer. The unit and both
 * forms' snapshot are read before it. Counted on an instance whose connections record
 * their statements; adding a statement fails this test. 郾城区's March 2024 is submitted by
 * no other test.
 */
class FormRoundTripTests extends RoundTripTest {

	private static final String YANCHENG = "411103";

	private static final String MONTH = "2024-03";

	@Test
	void shouldSubmitWithThreeStatementsInItsTransaction() {
		Identities identities = new Identities(client);
		TestUser secretary = identities.withRole(Role.COUNTY_SECRETARY, YANCHENG);
		TestUser admin = identities.withRole(Role.CITY_ADMIN, "4111");
		long unit = Db.orgId(YANCHENG);
		statements.clear();

		Submission first = submit(secretary, unit, "round-trips-submission").expectStatus()
			.isCreated()
			.expectBody(Submission.class)
			.returnResult()
			.getResponseBody();
		try {
			assertThat(first).isNotNull();
			expectKeyStatementAnswer("INSERT INTO form_submission", "INSERT INTO form_submission",
					"INSERT INTO form_audit");
			assertThat(Db.count("SELECT count(*) FROM form_audit WHERE submission_id = ? AND event = 'SUBMITTED'",
					first.id()))
				.isEqualTo(1);

			// a replay writes nothing and answers the first response
			statements.clear();
			assertThat(submit(secretary, unit, "round-trips-submission").expectStatus()
				.isCreated()
				.expectBody(Submission.class)
				.returnResult()
				.getResponseBody()).isEqualTo(first);
			assertThat(statements.transactionsWith("INSERT INTO form_submission")).isEmpty();
			// another key is refused by the same statement, and leaves nothing behind
			expectProblem(submit(secretary, unit, "round-trips-submission-2"), 409, "ALREADY_SUBMITTED");
			assertThat(Db.count("SELECT count(*) FROM form_submission WHERE unit_id = ? AND month = DATE '2024-03-01'",
					unit))
				.isEqualTo(1);
			assertThat(Db.count("SELECT count(*) FROM idempotency_key WHERE user_id = ? AND key = ?", secretary.id(),
					"round-trips-submission-2"))
				.isZero();
		}
		finally {
			if (first != null) {
				client.post()
					.uri("/api/v1/forms/submissions/{id}/reopen", first.id())
					.header("Authorization", admin.bearer())
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(Map.of("reason", "往返测试结束"))
					.exchange()
					.expectStatus()
					.isOk();
			}
		}
	}

	/**
	 * A line the filler adds: key, the record (a league organisation with its audit row,
	 * feed event and recount: one statement), stored answer; the unit, the open month and
	 * the record's checks are read before it.
	 */
	@Test
	void shouldAddALineWithThreeStatementsInItsTransaction() {
		TestUser secretary = new Identities(client).withRole(Role.COUNTY_SECRETARY, YANCHENG);
		WebTestClient filler = client.mutate().defaultHeader("Authorization", secretary.bearer()).build();
		long unit = Db.orgId(YANCHENG);
		long host = FormFixtures.hostUnit(filler, unit, "SOCIAL_ORGANIZATION", "郾城区往返测试协会");
		Map<String, Object> line = Map.of("month", "2025-05", "unitId", unit, "column", "socialOrganizations", "name",
				"往返测试协会团支部", "date", "2025-05-12", "hostUnitId", host, "type", "BRANCH");
		statements.clear();

		FormTestViews.AddedLine first = FormApiTests.addLine(filler, "social", line, "round-trips-line");

		expectKeyStatementAnswer("INSERT INTO league_org ", "INSERT INTO league_org ", "INSERT INTO feed_event");
		assertThat(first.name()).isEqualTo("往返测试协会团支部");

		// a replay writes nothing and answers the first response
		statements.clear();
		assertThat(FormApiTests.addLine(filler, "social", line, "round-trips-line")).isEqualTo(first);
		assertThat(statements.transactionsWith("INSERT INTO league_org ")).isEmpty();
		assertThat(Db.count("SELECT count(*) FROM league_org WHERE name = '往返测试协会团支部'")).isOne();
	}

	private static WebTestClient.ResponseSpec submit(TestUser user, long unit, String key) {
		return client.post()
			.uri("/api/v1/forms/submissions")
			.header("Authorization", user.bearer())
			.header("Idempotency-Key", key)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("unitId", unit, "month", MONTH))
			.exchange();
	}

}
