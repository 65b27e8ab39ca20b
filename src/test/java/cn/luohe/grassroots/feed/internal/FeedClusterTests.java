package cn.luohe.grassroots.feed.internal;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import cn.luohe.grassroots.feed.SseProbe;
import cn.luohe.grassroots.feed.TestFeed;
import cn.luohe.grassroots.feed.api.FeedEventDraft;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.ServiceInstance;
import cn.luohe.grassroots.support.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static cn.luohe.grassroots.feed.TestFeed.WUYANG;
import static cn.luohe.grassroots.feed.TestFeed.WUYANG_VILLAGE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances on one PostgreSQL and one Redis: this test's shared context (A) writes, a
 * second instance (B) serves the subscribers.
 */
class FeedClusterTests extends ApiTest {

	private static ServiceInstance instanceB;

	@Autowired
	ApplicationContext context;

	@Autowired
	OutboxRelay relay;

	private TestFeed feedA;

	@BeforeAll
	static void startInstanceB() {
		instanceB = ServiceInstance.start(Map.of("app.feed.heartbeat", "300ms"));
	}

	@AfterAll
	static void stopInstanceB() {
		if (instanceB != null) {
			instanceB.close();
		}
	}

	@BeforeEach
	void setUp() {
		this.feedA = new TestFeed(this.context);
	}

	@Test
	void shouldDeliverARecordWrittenOnOneInstanceToASubscriberOnAnotherAndResumeExactly() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		String first;
		try (SseProbe onB = SseProbe.open(instanceB.port(), "/api/v1/feed/stream", secretary.bearer(), null)) {
			first = this.feedA.append(WUYANG_VILLAGE, "first");
			assertThat(SseProbe.summary(onB.next())).isEqualTo(first);
			onB.awaitHeartbeatAfter(onB.heartbeats());
		}

		// missed while disconnected
		String second = this.feedA.append(WUYANG_VILLAGE, "second");
		String third = this.feedA.append(WUYANG_VILLAGE, "third");
		TestFeed.awaitPublished(third);

		try (SseProbe resumed = SseProbe.open(instanceB.port(), "/api/v1/feed/stream", secretary.bearer(),
				Long.toString(TestFeed.idOf(first)))) {
			assertThat(resumed.nextSummaries(2)).containsExactly(second, third);
			String fourth = this.feedA.append(WUYANG_VILLAGE, "fourth");
			// the very next event: nothing replayed twice in between
			assertThat(SseProbe.summary(resumed.next())).isEqualTo(fourth);
		}
	}

	@Test
	void shouldNotPublishPastASmallerIdWhoseTransactionCommitsLater() throws Exception {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		try (SseProbe onB = SseProbe.open(instanceB.port(), "/api/v1/feed/stream", secretary.bearer(), null)) {
			FeedEventDraft slow = this.feedA.draft(WUYANG_VILLAGE, "slow");
			Sinks.Empty<Void> commit = Sinks.empty();
			CountDownLatch appended = new CountDownLatch(1);
			CountDownLatch committed = new CountDownLatch(1);
			this.feedA.transactions()
				.transactional(this.feedA.outbox()
					.append(slow)
					.then(Mono.fromRunnable(appended::countDown))
					.then(commit.asMono()))
				.doFinally(signal -> committed.countDown())
				.subscribe();
			assertThat(appended.await(10, TimeUnit.SECONDS)).isTrue();

			String fast = this.feedA.append(WUYANG_VILLAGE, "fast");
			long runs = this.relay.completedRuns();
			TestFeed.until(() -> this.relay.completedRuns() >= runs + 3, "three relay polls");
			assertThat(TestFeed.published(fast)).as("published while a smaller id was in flight").isFalse();

			commit.tryEmitEmpty();
			assertThat(committed.await(10, TimeUnit.SECONDS)).isTrue();

			assertThat(TestFeed.idOf(slow.summary())).isLessThan(TestFeed.idOf(fast));
			assertThat(onB.nextSummaries(2)).containsExactly(slow.summary(), fast);
		}
	}

}
