package cn.luohe.grassroots.feed.internal;

import java.util.Map;

import cn.luohe.grassroots.feed.TestFeed;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.ServiceInstance;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static cn.luohe.grassroots.feed.TestFeed.WUYANG_VILLAGE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay is woken by the commits of outbox rows (LISTEN/NOTIFY) and polls only as a
 * safety net while it listens.
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
			assertThat(relayB.completedRuns()).isGreaterThan(runs);
		}
		finally {
			this.relay.start();
		}
	}

}
