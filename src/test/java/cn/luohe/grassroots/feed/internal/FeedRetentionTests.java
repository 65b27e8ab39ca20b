package cn.luohe.grassroots.feed.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;

import cn.luohe.grassroots.feed.SseProbe;
import cn.luohe.grassroots.feed.TestFeed;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Identities;
import cn.luohe.grassroots.support.TestUser;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.codec.ServerSentEvent;

import static cn.luohe.grassroots.feed.TestFeed.WUYANG;
import static cn.luohe.grassroots.feed.TestFeed.WUYANG_VILLAGE;
import static org.assertj.core.api.Assertions.assertThat;

class FeedRetentionTests extends ApiTest {

	@Autowired
	ApplicationContext context;

	@Autowired
	FeedRetention retention;

	@Test
	void shouldTellAClientResumingFromAPurgedIdToResetAndThenContinueLive() throws Exception {
		TestFeed feed = new TestFeed(this.context);
		String old = feed.append(WUYANG_VILLAGE, "old");
		TestFeed.awaitPublished(old);
		try (Connection connection = Identities.connect();
				PreparedStatement age = connection.prepareStatement(
						"UPDATE feed_event SET created_at = now() - interval '100 days' WHERE summary = ?")) {
			age.setString(1, old);
			assertThat(age.executeUpdate()).isEqualTo(1);
		}
		long oldId = TestFeed.idOf(old);

		assertThat(this.retention.purgeExpired().block(Duration.ofSeconds(10))).isPositive();
		assertThat(TestFeed.query("SELECT count(*) FROM feed_event WHERE summary = ?", old)).isZero();

		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		String resetId;
		String live;
		try (SseProbe stream = SseProbe.open(this.port, "/api/v1/feed/stream", secretary.bearer(),
				Long.toString(oldId - 1))) {
			ServerSentEvent<String> reset = stream.next();
			assertThat(reset.event()).isEqualTo("reset");
			assertThat(SseProbe.data(reset, SseProbe.Reset.class).reason()).isEqualTo("EXPIRED");
			assertThat(SseProbe.fields(reset)).containsExactly("reason");
			resetId = reset.id();
			assertThat(Long.parseLong(resetId)).isGreaterThanOrEqualTo(oldId);

			live = feed.append(WUYANG_VILLAGE, "live");
			assertThat(SseProbe.summary(stream.next())).isEqualTo(live);
		}
		// resuming from the reset's id works without another reset
		try (SseProbe again = SseProbe.open(this.port, "/api/v1/feed/stream", secretary.bearer(), resetId)) {
			assertThat(SseProbe.summary(again.next())).isEqualTo(live);
		}
	}

	@Test
	void shouldTellAClientResumingFromAnIdNeverIssuedToReset() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		try (SseProbe stream = SseProbe.open(this.port, "/api/v1/feed/stream?lastEventId=900000000000",
				secretary.bearer(), null)) {
			ServerSentEvent<String> reset = stream.next();
			assertThat(reset.event()).isEqualTo("reset");
			assertThat(SseProbe.data(reset, SseProbe.Reset.class).reason()).isEqualTo("UNKNOWN_ID");
			assertThat(SseProbe.fields(reset)).containsExactly("reason");
		}
	}

}
