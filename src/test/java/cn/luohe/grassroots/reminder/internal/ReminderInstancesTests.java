package cn.luohe.grassroots.reminder.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Db;
import cn.luohe.grassroots.support.FakeWeChat;
import cn.luohe.grassroots.support.ServiceInstance;
import cn.luohe.grassroots.support.TestUser;
import cn.luohe.grassroots.wechat.api.SubscribeMessages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import static cn.luohe.grassroots.reminder.internal.ReminderDeliveryTests.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the service on one database (the shared test context and one more) run
 * the same rule and work the same queue at the same moments: every reminder is written
 * once and every message sent once.
 */
class ReminderInstancesTests extends ApiTest {

	private static ServiceInstance other;

	@Autowired
	ReminderScheduler scheduler;

	@Autowired
	DeliveryWorker worker;

	@Autowired
	SubscribeMessages messages;

	@BeforeAll
	static void startAnotherInstance() {
		Map<String, String> properties = new LinkedHashMap<>();
		FakeWeChat.get().properties().forEach((key, value) -> properties.put(key, String.valueOf(value)));
		other = ServiceInstance.start(properties);
	}

	@AfterAll
	static void stopIt() {
		if (other != null) {
			other.close();
		}
	}

	@Test
	void shouldNeverRemindOrSendTwiceFromTwoInstances() {
		String openid = "reminder-" + UUID.randomUUID();
		TestUser cadre = identities().login(openid, "两实例干部");
		identities().grant(cadre, Role.CADRE, "411122", null);
		for (int i = 0; i < 2; i++) {
			as(cadre).post()
				.uri("/api/v1/me/subscriptions")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("templateId", ReminderDeliveryTests.TEMPLATE, "accepted", true))
				.exchange()
				.expectStatus()
				.isOk();
		}
		FakeWeChat.get().subscribeAccepts(openid);
		ReminderDeliveryTests.warmUp(other.context().getBean(SubscribeMessages.class));
		ReminderDeliveryTests.warmUp(this.messages);
		Db.count("WITH d AS (DELETE FROM reminder_rule_run WHERE rule = 'VISIT_WEEK_OPENS' AND occasion = '2027-09'"
				+ " RETURNING 1) SELECT count(*) FROM d");
		ReminderScheduler otherScheduler = other.context().getBean(ReminderScheduler.class);
		DeliveryWorker otherWorker = other.context().getBean(DeliveryWorker.class);
		Instant now = at("2027-09-01T08:30:00+08:00");

		List<ReminderScheduler> schedulers = List.of(this.scheduler, otherScheduler, this.scheduler, otherScheduler);
		Flux.fromIterable(schedulers)
			.flatMap(s -> Mono.defer(() -> s.runDue(now)).subscribeOn(Schedulers.parallel()))
			.then()
			.block();
		assertThat(
				Db.count("SELECT count(*) FROM reminder WHERE user_id = ? AND rule = 'VISIT_WEEK_OPENS'", cadre.id()))
			.isEqualTo(1);

		List<DeliveryWorker> workers = List.of(this.worker, otherWorker, this.worker, otherWorker);
		Flux.fromIterable(workers)
			.flatMap(w -> Mono.defer(() -> drain(w, now)).subscribeOn(Schedulers.parallel()))
			.then()
			.block();
		// a send that met a transient WeChat error is retried later (never lost): drain
		// once more after the longest backoff, from both instances at once again
		Instant later = now.plus(Duration.ofHours(2));
		Flux.fromIterable(workers)
			.flatMap(w -> Mono.defer(() -> drain(w, later)).subscribeOn(Schedulers.parallel()))
			.then()
			.block();
		assertThat(Db.single("SELECT delivered FROM reminder WHERE user_id = ? AND rule = 'VISIT_WEEK_OPENS'",
				String.class, cadre.id()))
			.isEqualTo("WECHAT");
		assertThat(FakeWeChat.get().subscribeSends(openid)).hasSize(1);
		assertThat(Db.single("SELECT remaining FROM subscription_consent WHERE user_id = ?", Integer.class, cadre.id()))
			.isEqualTo(1);
	}

	private static Mono<Void> drain(DeliveryWorker worker, Instant now) {
		return worker.deliverDue(now).expand(n -> (n > 0) ? worker.deliverDue(now) : Mono.empty()).then();
	}

}
