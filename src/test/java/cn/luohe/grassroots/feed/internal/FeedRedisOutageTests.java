package cn.luohe.grassroots.feed.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import cn.luohe.grassroots.config.EmbeddedServers;
import cn.luohe.grassroots.feed.SseProbe;
import cn.luohe.grassroots.feed.TestFeed;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.ServiceInstance;
import cn.luohe.grassroots.support.TestUser;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static cn.luohe.grassroots.feed.TestFeed.WUYANG;
import static cn.luohe.grassroots.feed.TestFeed.WUYANG_VILLAGE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis stops and comes back. The shared Redis must stay up for the other tests, so this
 * runs an instance (C) on a Redis of its own, and the shared context's relay (which
 * publishes to the shared Redis) is paused meanwhile so that C's relay is the one
 * publishing.
 */
class FeedRedisOutageTests extends ApiTest {

	@Autowired
	ApplicationContext context;

	@Autowired
	OutboxRelay sharedRelay;

	@Test
	void shouldKeepWritingWhileRedisIsDownAndDeliverTheBacklogInOrderOnceWhenItReturns() throws Exception {
		TestFeed feed = new TestFeed(this.context);
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		Path dir = Files.createTempDirectory("grassroots-feed-redis-");
		EmbeddedServers redis = EmbeddedServers.start(dir, false, true, false);
		int redisPort = redis.redisPort();
		this.sharedRelay.stop();
		try (ServiceInstance instanceC = ServiceInstance.start(Map.of("spring.data.redis.url", redis.redisUrl(),
				"app.feed.heartbeat", "200ms", "app.feed.redis-timeout", "300ms", "app.feed.max-backoff", "300ms"))) {
			OutboxRelay relayC = instanceC.context().getBean(OutboxRelay.class);
			try (SseProbe onC = SseProbe.open(instanceC.port(), "/api/v1/feed/stream", secretary.bearer(), null)) {
				String before = feed.append(WUYANG_VILLAGE, "before");
				assertThat(SseProbe.summary(onC.next())).isEqualTo(before);

				redis.close();
				String one = feed.append(WUYANG_VILLAGE, "one");
				String two = feed.append(WUYANG_VILLAGE, "two");
				String three = feed.append(WUYANG_VILLAGE, "three");
				long runs = relayC.completedRuns();
				TestFeed.until(() -> relayC.completedRuns() >= runs + 2, "two relay attempts");
				assertThat(TestFeed.published(one)).isFalse();
				// the stream stays open through the outage
				onC.awaitHeartbeatAfter(onC.heartbeats());

				redis = EmbeddedServers.start(dir, false, true, false, redisPort);

				assertThat(onC.nextSummaries(3)).containsExactly(one, two, three);
				String after = feed.append(WUYANG_VILLAGE, "after");
				assertThat(SseProbe.summary(onC.next())).isEqualTo(after);
			}
		}
		finally {
			redis.close();
			this.sharedRelay.start();
		}
	}

}
