package cn.luohe.grassroots.feed.web;

import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.feed.SseProbe;
import cn.luohe.grassroots.feed.web.FeedTestViews.OpenedNeed;
import cn.luohe.grassroots.feed.web.FeedTestViews.StreamedEvent;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Responses.FeedItem;
import cn.luohe.grassroots.support.Responses.Identified;
import cn.luohe.grassroots.support.TestUser;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.codec.ServerSentEvent;

import static cn.luohe.grassroots.visit.VisitFixtures.checkIn;
import static cn.luohe.grassroots.visit.VisitFixtures.checkOut;
import static cn.luohe.grassroots.visit.VisitFixtures.items;
import static cn.luohe.grassroots.visit.VisitFixtures.orgId;
import static cn.luohe.grassroots.visit.VisitFixtures.post;
import static org.assertj.core.api.Assertions.assertThat;

/** Records accepted through the real endpoints reach a leader's open stream, in order. */
class FeedFromRecordsApiTests extends ApiTest {

	@Autowired
	BusinessClock clock;

	@Test
	void shouldStreamVisitsActivitiesAndResolvedNeedsAsTheyAreAccepted() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, "411121");
		TestUser cadre = identities().withRole(Role.CADRE, "411121");
		String note = "直播走访 " + this.clock.now().toEpochMilli() + "-" + cadre.id();
		try (SseProbe stream = SseProbe.open(this.port, "/api/v1/feed/stream", secretary.bearer(), null)) {
			long visit = post(as(cadre), "/api/v1/visits", checkIn(orgId("411121100"), "note", note), 201,
					Identified.class)
				.id();
			post(as(cadre), "/api/v1/visits/" + visit + "/check-out", checkOut(List.of("需要一间活动室")), 200,
					Identified.class);
			OpenedNeed need = items(as(secretary),
					"/api/v1/needs?orgId=" + orgId("411121100") + "&status=OPEN&limit=200", OpenedNeed.class)
				.stream()
				.filter(n -> n.visitId() == visit)
				.findFirst()
				.orElseThrow();
			post(as(secretary), "/api/v1/needs/" + need.id() + "/resolve", Map.of("response", "已协调"), 200,
					Identified.class);

			ServerSentEvent<String> checkedIn = stream.next();
			ServerSentEvent<String> completed = stream.next();
			ServerSentEvent<String> resolved = stream.next();

			assertThat(checkedIn.event()).isEqualTo("visit.checked_in");
			assertThat(SseProbe.summary(checkedIn)).isEqualTo(note);
			StreamedEvent data = SseProbe.data(checkedIn, StreamedEvent.class);
			assertThat(data.orgName()).isEqualTo("舞泉镇");
			assertThat(data.actorName()).isEqualTo(cadre.displayName());
			assertThat(completed.event()).isEqualTo("visit.completed");
			assertThat(resolved.event()).isEqualTo("need.resolved");
			assertThat(Long.parseLong(completed.id())).isGreaterThan(Long.parseLong(checkedIn.id()));
			assertThat(Long.parseLong(resolved.id())).isGreaterThan(Long.parseLong(completed.id()));
			assertThat(checkedIn.data()).doesNotContain("openid").doesNotContain("phone");
		}
		// history answers the same events, newest first
		assertThat(items(as(secretary), "/api/v1/feed?limit=3", FeedItem.class)).extracting(FeedItem::type)
			.containsExactly("need.resolved", "visit.completed", "visit.checked_in");
	}

}
