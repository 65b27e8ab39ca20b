package cn.luohe.grassroots.reminder.web;

import java.util.Map;

import cn.luohe.grassroots.support.Identities;
import cn.luohe.grassroots.support.RoundTripTest;
import cn.luohe.grassroots.support.TestUser;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A subscribe-message consent the mini-program reports holds three statements in its
 * transaction (issue 19): its idempotency key, the consent's upsert, the stored answer; a
 * replay counts nothing more.
 */
class ConsentRoundTripTests extends RoundTripTest {

	@Test
	void shouldRecordAConsentWithThreeStatementsInItsTransaction() {
		TestUser user = new Identities(client).newUser("往返测试订阅");
		statements.clear();

		assertThat(consent(user, "round-trips-consent")).isEqualTo(1);

		expectKeyStatementAnswer("INSERT INTO subscription_consent", "INSERT INTO subscription_consent");

		// a replay writes nothing and answers the first answer
		statements.clear();
		assertThat(consent(user, "round-trips-consent")).isEqualTo(1);
		assertThat(statements.transactionsWith("INSERT INTO subscription_consent")).isEmpty();
	}

	/** The consents {@code user} has left for the duty template after this one. */
	private static int consent(TestUser user, String key) {
		InboxApiTests.Consent answer = client.post()
			.uri("/api/v1/me/subscriptions")
			.header("Authorization", user.bearer())
			.header("Idempotency-Key", key)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("templateId", "tmpl-duty-test", "accepted", true))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(InboxApiTests.Consent.class)
			.returnResult()
			.getResponseBody();
		assertThat(answer).isNotNull();
		return answer.remaining();
	}

}
