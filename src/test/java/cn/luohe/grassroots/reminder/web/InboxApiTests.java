package cn.luohe.grassroots.reminder.web;

import java.util.Map;
import java.util.UUID;

import cn.luohe.grassroots.reminder.api.Inbox;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Problems;
import cn.luohe.grassroots.support.Responses;
import cn.luohe.grassroots.support.TestUser;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inbox and the consents through the running service: each user sees, counts and
 * reads only their own reminders; consents are recorded per template the service knows.
 */
class InboxApiTests extends ApiTest {

	@Autowired
	Inbox inbox;

	@Test
	void shouldListCountAndReadTheCallersOwnRemindersNewestFirst() {
		TestUser user = identities().newUser("收件人");
		TestUser other = identities().newUser("别人");
		put(user, "第一条");
		put(user, "第二条");
		put(other, "别人的");

		Responses.Page<Item> page = inbox(as(user), "");
		assertThat(page.items()).extracting(Item::title).containsExactly("第二条", "第一条");
		assertThat(page.items()).allSatisfy(item -> {
			assertThat(item.rule()).isEqualTo("TEST_INBOX");
			assertThat(item.readAt()).isNull();
			assertThat(item.delivered()).isEqualTo("INBOX_ONLY");
		});
		assertThat(unread(as(user))).isEqualTo(2);
		assertThat(unreadInMonth(as(user))).hasToString("2");

		Responses.Page<Item> first = inbox(as(user), "?limit=1");
		assertThat(first.items()).extracting(Item::title).containsExactly("第二条");
		assertThat(first.nextCursor()).isNotNull();
		assertThat(inbox(as(user), "?limit=1&cursor=" + first.nextCursor()).items()).extracting(Item::title)
			.containsExactly("第一条");

		long id = page.items().getFirst().id();
		Item read = read(as(user), id);
		assertThat(read.readAt()).isNotNull();
		// idempotent: the first reading time stays
		assertThat(read(as(user), id).readAt()).isEqualTo(read.readAt());
		assertThat(unread(as(user))).isEqualTo(1);
		assertThat(unreadInMonth(as(user))).hasToString("1");

		// another user's item is not theirs to see or read
		Problems.expectProblem(as(other).post().uri("/api/v1/me/inbox/{id}/read", id).exchange(), 404, "NOT_FOUND");
		assertThat(inbox(as(other), "").items()).extracting(Item::title).containsExactly("别人的");
	}

	@Test
	void shouldRecordConsentsForKnownTemplatesOnly() {
		TestUser user = identities().newUser("订阅者");
		assertThat(subscribe(user, "tmpl-duty-test", true, null).remaining()).isEqualTo(1);
		assertThat(subscribe(user, "tmpl-duty-test", false, null).remaining()).isEqualTo(1);
		String key = UUID.randomUUID().toString();
		assertThat(subscribe(user, "tmpl-duty-test", true, key).remaining()).isEqualTo(2);
		// a replay records nothing more and answers the first answer
		assertThat(subscribe(user, "tmpl-duty-test", true, key).remaining()).isEqualTo(2);
		assertThat(subscribe(user, "tmpl-need-test", true, null).remaining()).isEqualTo(1);

		Problems.expectProblem(as(user).post()
			.uri("/api/v1/me/subscriptions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("templateId", "not-ours", "accepted", true))
			.exchange(), 422, "TEMPLATE_UNKNOWN");
		Problems.expectProblem(as(user).post()
			.uri("/api/v1/me/subscriptions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("templateId", "tmpl-duty-test"))
			.exchange(), 400, "VALIDATION_FAILED");
	}

	record Item(long id, String rule, String title, String body, String createdAt, @Nullable String readAt,
			String delivered, @Nullable String page) {
	}

	record Consent(String templateId, boolean accepted, int remaining) {
	}

	record Unread(long unread) {
	}

	private void put(TestUser user, String title) {
		assertThat(this.inbox.put(user.id(), "TEST_INBOX", UUID.randomUUID().toString(), title, title + "的内容", null)
			.block()).isTrue();
	}

	private static Responses.Page<Item> inbox(WebTestClient client, String query) {
		return client.get()
			.uri("/api/v1/me/inbox" + query)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Responses.page(Item.class))
			.returnResult()
			.getResponseBody();
	}

	private static long unread(WebTestClient client) {
		return client.get()
			.uri("/api/v1/me/inbox/unread-count")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Unread.class)
			.returnResult()
			.getResponseBody()
			.unread();
	}

	/** The month view's {@code unreadReminders} (the rest of it is MyMonthApiTests'). */
	private static @Nullable Number unreadInMonth(WebTestClient client) {
		Map<String, Object> month = client.get()
			.uri("/api/v1/me/month")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
		return (Number) month.get("unreadReminders");
	}

	private static Item read(WebTestClient client, long id) {
		return client.post()
			.uri("/api/v1/me/inbox/{id}/read", id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Item.class)
			.returnResult()
			.getResponseBody();
	}

	private Consent subscribe(TestUser user, String templateId, boolean accepted, @Nullable String key) {
		return as(user).post()
			.uri("/api/v1/me/subscriptions")
			.contentType(MediaType.APPLICATION_JSON)
			.headers(headers -> {
				if (key != null) {
					headers.set("Idempotency-Key", key);
				}
			})
			.bodyValue(Map.of("templateId", templateId, "accepted", accepted))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Consent.class)
			.returnResult()
			.getResponseBody();
	}

}
