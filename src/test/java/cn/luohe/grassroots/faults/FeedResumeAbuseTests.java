package cn.luohe.grassroots.faults;

import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import cn.luohe.grassroots.feed.SseProbe;
import cn.luohe.grassroots.feed.TestFeed;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.ServiceInstance;
import cn.luohe.grassroots.support.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.codec.ServerSentEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 20, finding 2: a resume deeper than {@code app.feed.max-replay} is answered with
 * a reset, a shallow one is replayed, streams per user are capped, and unread resuming
 * streams do not take the service down.
 */
class FeedResumeAbuseTests extends ApiTest {

	private static ServiceInstance service;

	@Autowired
	ApplicationContext context;

	@BeforeAll
	@Timeout(value = 5, unit = TimeUnit.MINUTES)
	static void start() {
		service = ServiceInstance.start(Map.of("app.feed.max-replay", "5", "app.feed.max-streams-per-user", "2"));
	}

	@AfterAll
	static void stop() {
		if (service != null) {
			service.close();
		}
	}

	@Test
	void shouldResetADeepResumeAndReplayAShallowOne() {
		TestFeed feed = new TestFeed(this.context);
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, TestFeed.WUYANG);
		long villageId = feed.org(TestFeed.WUYANG_VILLAGE).id();
		String first = feed.append(TestFeed.WUYANG_VILLAGE, "deep-first");
		List<String> deep = feed.appendAll(TestFeed.WUYANG_VILLAGE, 8, "deep");
		TestFeed.awaitPublished(deep.get(7));
		String stream = "/api/v1/feed/stream?orgId=" + villageId + "&lastEventId=";

		try (SseProbe probe = SseProbe.open(service.port(), stream + TestFeed.idOf(first), secretary.bearer(), null)) {
			ServerSentEvent<String> reset = probe.next();
			assertThat(reset.event()).isEqualTo("reset");
			assertThat(SseProbe.data(reset, SseProbe.Reset.class).reason()).isEqualTo("TOO_DEEP");
			assertThat(Long.parseLong(String.valueOf(reset.id()))).isGreaterThanOrEqualTo(TestFeed.idOf(deep.get(7)));
		}
		try (SseProbe probe = SseProbe.open(service.port(), stream + TestFeed.idOf(deep.get(5)), secretary.bearer(),
				null)) {
			assertThat(probe.nextSummaries(2)).containsExactly(deep.get(6), deep.get(7));
		}
	}

	@Test
	void shouldCapStreamsPerUserAndStayAvailableWithUnreadResumes() throws Exception {
		TestFeed feed = new TestFeed(this.context);
		long villageId = feed.org(TestFeed.WUYANG_VILLAGE).id();
		String first = feed.append(TestFeed.WUYANG_VILLAGE, "unread-first");
		List<String> more = feed.appendAll(TestFeed.WUYANG_VILLAGE, 4, "unread");
		TestFeed.awaitPublished(more.get(3));
		String path = "/api/v1/feed/stream?orgId=" + villageId + "&lastEventId=" + TestFeed.idOf(first);
		List<TestUser> users = new ArrayList<>();
		List<Socket> unread = new ArrayList<>();
		try {
			for (int i = 0; i < 10; i++) {
				TestUser user = identities().withRole(Role.COUNTY_SECRETARY, TestFeed.WUYANG);
				users.add(user);
				for (int s = 0; s < 2; s++) {
					unread.add(RawHttp.openUnreadStream(service.port(), path, user.bearer()));
				}
			}
			FaultClient client = new FaultClient(service.port());
			assertThat(client.get("/actuator/health/readiness", null).status()).isEqualTo(200);
			assertThat(client.get("/api/v1/me", users.get(0).bearer()).status()).isEqualTo(200);

			FaultClient.Answer third = client.get(path, users.get(0).bearer()).isProblem(429, "TOO_MANY_STREAMS");
			assertThat(third.retryAfter()).isNotNull();
		}
		finally {
			for (Socket socket : unread) {
				socket.close();
			}
		}
	}

}
