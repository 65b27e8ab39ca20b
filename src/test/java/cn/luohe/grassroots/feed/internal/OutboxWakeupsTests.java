package cn.luohe.grassroots.feed.internal;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import cn.luohe.grassroots.feed.TestFeed;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Identities;
import cn.luohe.grassroots.support.ServiceInstance;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static cn.luohe.grassroots.feed.TestFeed.WUYANG_VILLAGE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay is woken by the commits of outbox rows (LISTEN/NOTIFY) and polls only as a
 * safety net while it listens; while it is awake, commits do not notify and it looks at a
 * short interval instead.
 */
class OutboxWakeupsTests extends ApiTest {

	@Autowired
	ApplicationContext context;

	@Autowired
	OutboxRelay relay;

	@Autowired
	OutboxWakeups wakeups;

	@Test
	void shouldPollOnlyAtTheListeningIntervalWhileIdle() throws InterruptedException {
		TestFeed.until(this.wakeups::listening, "the relay listening for commits");
		long before = this.relay.completedRuns();
		Thread.sleep(3_000);
		// 150 ms polls would make 20 runs; listening, one a second (the default)
		assertThat(this.relay.completedRuns() - before).isBetween(1L, 5L);
	}

	@Test
	void shouldNotifyOnlyWhileNoRelayIsAwake() throws Exception {
		TestFeed feed = new TestFeed(this.context);
		TestFeed.until(this.wakeups::listening, "the relay listening for commits");
		// a relay awake elsewhere: this session holds the lock (taken once this
		// instance's relay, if awake, has given it up)
		try (Connection elsewhere = Identities.connect(); Statement statement = elsewhere.createStatement()) {
			statement.execute("SELECT pg_advisory_lock(" + FeedRepository.AWAKE_LOCK + ")");
			long before = this.wakeups.notifications();

			String quiet = feed.append(WUYANG_VILLAGE, "written while a relay is awake");

			// published by this instance's poll, and its commit notified nobody
			TestFeed.awaitPublished(quiet);
			assertThat(this.wakeups.notifications()).isEqualTo(before);
			// given up now: a closed connection's locks go only when the server has
			// ended its session, which may come after the next append
			statement.execute("SELECT pg_advisory_unlock(" + FeedRepository.AWAKE_LOCK + ")");
		}
		long before = this.wakeups.notifications();

		feed.append(WUYANG_VILLAGE, "written while no relay is awake");

		TestFeed.until(() -> this.wakeups.notifications() > before, "the commit's notification");
	}

	@Test
	void shouldPublishEveryCommitOfBurstsThatStopNotifyingWhileTheRelayIsAwake() throws Exception {
		TestFeed feed = new TestFeed(this.context);
		this.relay.stop();
		ExecutorService writers = Executors.newFixedThreadPool(4);
		// no poll for an hour: a commit whose wake-up is lost stays unpublished
		try (ServiceInstance b = ServiceInstance.start(Map.of("app.feed.listening-poll-interval", "1h"))) {
			OutboxWakeups wakeupsB = b.context().getBean(OutboxWakeups.class);
			TestFeed.until(wakeupsB::listening, "instance B listening for commits");
			long notified = wakeupsB.notifications();
			List<Future<String>> appended = new ArrayList<>();
			for (int i = 0; i < 160; i++) {
				int n = i;
				// pauses about as long as the awake interval: the relay falls asleep and
				// wakes between the writes, across the last look after giving the lock up
				appended.add(writers.submit(() -> {
					Thread.sleep(ThreadLocalRandom.current().nextInt(40));
					return feed.append(WUYANG_VILLAGE, "burst " + n);
				}));
			}
			for (Future<String> summary : appended) {
				TestFeed.awaitPublished(summary.get(30, TimeUnit.SECONDS));
			}
			// once awake, the relay was not woken by each commit
			assertThat(wakeupsB.notifications() - notified).isLessThan(appended.size());
			// and once the commits stop, it goes back to sleep
			TestFeed.until(() -> !wakeupsB.awake(), "instance B's relay asleep");
		}
		finally {
			writers.shutdownNow();
			this.relay.start();
		}
	}

	@Test
	void shouldPublishACommitThatFoundTheRelayAwakeOnceTheRelayFallsAsleep() {
		TestFeed feed = new TestFeed(this.context);
		this.relay.stop();
		// no polls at all: B's one run is the one its listening starts
		try (ServiceInstance b = ServiceInstance
			.start(Map.of("app.feed.listening-poll-interval", "1h", "app.feed.poll-interval", "1h"))) {
			OutboxRelay relayB = b.context().getBean(OutboxRelay.class);
			OutboxWakeups wakeupsB = b.context().getBean(OutboxWakeups.class);
			TestFeed.until(wakeupsB::listening, "instance B listening for commits");
			TestFeed.until(() -> relayB.completedRuns() >= 1, "instance B's first run");
			// B's relay is awake, and its last look found no work
			assertThat(wakeupsB.stayAwake().block(Duration.ofSeconds(10))).isTrue();
			long notified = wakeupsB.notifications();
			// committed before the relay gives the lock up: it notifies nobody
			String unnoticed = feed.append(WUYANG_VILLAGE, "committed while the relay is awake");

			relayB.fallAsleep().block(Duration.ofSeconds(10));

			assertThat(TestFeed.published(unnoticed)).isTrue();
			assertThat(wakeupsB.notifications()).isEqualTo(notified);
			assertThat(wakeupsB.awake()).isFalse();
		}
		finally {
			this.relay.start();
		}
	}

	@Test
	void shouldPublishACommitAtOnceWithoutWaitingForAPoll() {
		TestFeed feed = new TestFeed(this.context);
		// the shared instance's relay would publish on its own polls: only B relays now
		this.relay.stop();
		try (ServiceInstance b = ServiceInstance.start(Map.of("app.feed.listening-poll-interval", "1h"))) {
			OutboxRelay relayB = b.context().getBean(OutboxRelay.class);
			OutboxWakeups wakeupsB = b.context().getBean(OutboxWakeups.class);
			TestFeed.until(wakeupsB::listening, "instance B listening for commits");
			TestFeed.until(() -> relayB.completedRuns() >= 1, "instance B's first run");
			long runs = relayB.completedRuns();

			String woken = feed.append(WUYANG_VILLAGE, "woken by its commit");

			TestFeed.awaitPublished(woken);
			TestFeed.until(() -> relayB.completedRuns() > runs, "the look that published it");
		}
		finally {
			this.relay.start();
		}
	}

}
