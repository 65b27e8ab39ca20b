package cn.luohe.grassroots.reminder.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Db;
import cn.luohe.grassroots.support.FakeWeChat;
import cn.luohe.grassroots.support.TestUser;
import cn.luohe.grassroots.wechat.api.SubscribeMessages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queue of WeChat sends, driven by the test at chosen business times (June 2027,
 * after anything the shared clock reaches): a consent is spent per message and never
 * overdrawn, no consent or a refusal leaves the reminder in the inbox only, the quiet
 * hours hold a message until 07:30, and a WeChat outage delays a message without losing
 * it. Every user is the test's own; the queue may hold other tests' sends, which a pass
 * also works off.
 */
class ReminderDeliveryTests extends ApiTest {

	static final String TEMPLATE = "tmpl-duty-test";

	@Autowired
	ReminderStore store;

	@Autowired
	DeliveryWorker worker;

	@Autowired
	SubscribeMessages messages;

	/**
	 * The first WeChat call of a JVM may meet a Redis hiccup on the token (a transient
	 * failure, kept for later); the outcomes asserted here are of the calls after it.
	 */
	@BeforeEach
	void warmUp() {
		warmUp(this.messages);
	}

	static void warmUp(SubscribeMessages messages) {
		FakeWeChat.get().subscribeAccepts("warm-up");
		assertThat(messages.send("warm-up", TEMPLATE, null, Map.of("thing1", "warm-up"))
			.retryWhen(Retry.fixedDelay(3, Duration.ofMillis(200)))
			.block()).isEqualTo(SubscribeMessages.Outcome.SENT);
	}

	@Test
	void shouldSpendOneConsentPerMessageAndSendItToTheUser() {
		Recipient user = recipient();
		consent(user, 2);
		FakeWeChat.get().subscribeAccepts(user.openid());
		Instant now = at("2027-06-01T10:00:00+08:00");
		String period = remind(user, now);

		drain(now);

		assertThat(delivered(user, period)).isEqualTo("WECHAT");
		assertThat(remaining(user)).isEqualTo(1);
		List<String> sends = FakeWeChat.get().subscribeSends(user.openid());
		assertThat(sends).hasSize(1);
		assertThat(sends.getFirst()).contains("\"template_id\":\"" + TEMPLATE + "\"")
			.contains("\"thing1\"")
			.contains("pages/month/index");
	}

	@Test
	void shouldLeaveTheReminderInTheInboxWithoutAConsent() {
		Recipient user = recipient();
		FakeWeChat.get().subscribeAccepts(user.openid());
		Instant now = at("2027-06-02T10:00:00+08:00");
		String period = remind(user, now);

		drain(now);

		assertThat(delivered(user, period)).isEqualTo("INBOX_ONLY");
		assertThat(FakeWeChat.get().subscribeSends(user.openid())).isEmpty();
	}

	@Test
	void shouldFallBackToTheInboxWhenWeChatRefusesWith43101() {
		Recipient user = recipient();
		consent(user, 2);
		FakeWeChat.get().subscribeFails(user.openid(), 43101);
		Instant now = at("2027-06-03T10:00:00+08:00");
		String period = remind(user, now);

		drain(now);

		assertThat(delivered(user, period)).isEqualTo("INBOX_ONLY");
		// WeChat holds no consent for the user: what we counted is gone
		assertThat(remaining(user)).isZero();
		assertThat(FakeWeChat.get().subscribeSends(user.openid())).hasSize(1);
	}

	@Test
	void shouldHoldMessagesInTheQuietHoursUntilHalfPastSeven() {
		Recipient user = recipient();
		consent(user, 1);
		FakeWeChat.get().subscribeAccepts(user.openid());
		String period = remind(user, at("2027-06-04T23:00:00+08:00"));

		drain(at("2027-06-04T23:30:00+08:00"));
		drain(at("2027-06-05T07:29:00+08:00"));
		assertThat(delivered(user, period)).isEqualTo("PENDING");
		assertThat(FakeWeChat.get().subscribeSends(user.openid())).isEmpty();

		drain(at("2027-06-05T07:30:00+08:00"));
		assertThat(delivered(user, period)).isEqualTo("WECHAT");
		assertThat(FakeWeChat.get().subscribeSends(user.openid())).hasSize(1);
	}

	@Test
	void shouldKeepAMessageThroughAWeChatOutageAndSendItAfterwards() {
		Recipient user = recipient();
		consent(user, 1);
		FakeWeChat.get().subscribeAnswers(user.openid(), aResponse().withStatus(503).withBody("down"));
		Instant now = at("2027-06-06T10:00:00+08:00");
		String period = remind(user, now);

		drain(now);
		assertThat(delivered(user, period)).isEqualTo("PENDING");
		// bounded retries within the attempt (three calls), the consent held for the next
		int tried = FakeWeChat.get().subscribeSends(user.openid()).size();
		assertThat(tried).isEqualTo(3);
		assertThat(remaining(user)).isZero();
		// not due again at once
		drain(now);
		assertThat(FakeWeChat.get().subscribeSends(user.openid())).hasSize(tried);

		FakeWeChat.get().subscribeAccepts(user.openid());
		drain(now.plusSeconds(600));
		assertThat(delivered(user, period)).isEqualTo("WECHAT");
		assertThat(FakeWeChat.get().subscribeSends(user.openid())).hasSize(tried + 1);
		assertThat(remaining(user)).isZero();
	}

	@Test
	void shouldNeverOverdrawConsentsUnderConcurrentSends() {
		Recipient user = recipient();
		consent(user, 3);
		FakeWeChat.get().subscribeAccepts(user.openid());
		Instant now = at("2027-06-07T10:00:00+08:00");
		List<String> periods = IntStream.range(0, 8).mapToObj(i -> remind(user, now)).toList();

		// four passes at once, as four instances would run them
		Flux.range(0, 4)
			.flatMap(i -> Mono.defer(() -> drainAsync(now)).subscribeOn(Schedulers.parallel()))
			.then()
			.block();
		drain(now);

		List<String> states = periods.stream().map(period -> delivered(user, period)).toList();
		assertThat(states).filteredOn("WECHAT"::equals).hasSize(3);
		assertThat(states).filteredOn("INBOX_ONLY"::equals).hasSize(5);
		assertThat(remaining(user)).isZero();
		assertThat(FakeWeChat.get().subscribeSends(user.openid())).hasSize(3);
	}

	record Recipient(TestUser user, String openid) {
	}

	private Recipient recipient() {
		String openid = "reminder-" + UUID.randomUUID();
		return new Recipient(identities().login(openid, "提醒对象"), openid);
	}

	private void consent(Recipient user, int times) {
		for (int i = 0; i < times; i++) {
			as(user.user()).post()
				.uri("/api/v1/me/subscriptions")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("templateId", TEMPLATE, "accepted", true))
				.exchange()
				.expectStatus()
				.isOk();
		}
	}

	private String remind(Recipient user, Instant now) {
		String period = "test-" + UUID.randomUUID();
		Boolean created = this.store
			.insert(new Draft("TEST_DELIVERY", user.user().id(), period, "测试提醒", "这是一条测试提醒", "pages/month/index",
					TEMPLATE), now)
			.block();
		assertThat(created).isTrue();
		return period;
	}

	/** Passes until nothing due at {@code now} is left. */
	private void drain(Instant now) {
		drainAsync(now).block();
	}

	private Mono<Void> drainAsync(Instant now) {
		return this.worker.deliverDue(now).expand(n -> (n > 0) ? this.worker.deliverDue(now) : Mono.empty()).then();
	}

	private static String delivered(Recipient user, String period) {
		return Db.single("SELECT delivered FROM reminder WHERE user_id = ? AND period = ?", String.class,
				user.user().id(), period);
	}

	private static int remaining(Recipient user) {
		return Db.single("SELECT remaining FROM subscription_consent WHERE user_id = ? AND template_id = ?",
				Integer.class, user.user().id(), TEMPLATE);
	}

	static Instant at(String offsetDateTime) {
		return OffsetDateTime.parse(offsetDateTime).toInstant();
	}

}
