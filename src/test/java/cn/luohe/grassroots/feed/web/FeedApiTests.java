package cn.luohe.grassroots.feed.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.feed.SseProbe;
import cn.luohe.grassroots.feed.TestFeed;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;

import static cn.luohe.grassroots.feed.TestFeed.LINYING;
import static cn.luohe.grassroots.feed.TestFeed.LINYING_VILLAGE;
import static cn.luohe.grassroots.feed.TestFeed.WUYANG;
import static cn.luohe.grassroots.feed.TestFeed.WUYANG_VILLAGE;
import static org.assertj.core.api.Assertions.assertThat;

class FeedApiTests extends ApiTest {

	@Autowired
	ApplicationContext context;

	private TestFeed feed;

	@BeforeEach
	void setUp() {
		this.feed = new TestFeed(this.context);
	}

	@Test
	void shouldNeverShowAWuyangSecretaryAnEventOfLinying() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		try (SseProbe stream = SseProbe.open(this.port, "/api/v1/feed/stream", secretary.bearer(), null)) {
			// 临颍 first: were it let through, it would arrive first
			String linying = this.feed.append(LINYING_VILLAGE, "临颍");
			String wuyang = this.feed.append(WUYANG_VILLAGE, "舞阳");

			ServerSentEvent<String> event = stream.next();

			assertThat(SseProbe.summary(event)).isEqualTo(wuyang);
			assertThat(event.id()).isEqualTo(Long.toString(TestFeed.idOf(wuyang)));
			assertThat(event.event()).isEqualTo("activity.logged");
			Map<String, Object> data = SseProbe.data(event);
			assertThat(data).containsOnlyKeys("type", "orgId", "orgName", "townId", "countyId", "actorName",
					"occurredAt", "summary", "recordType", "recordId", "thumbnails", "retracts");
			assertThat(data).containsEntry("type", "activity.logged")
				.containsEntry("retracts", java.util.List.of())
				.containsEntry("orgName", "大杨庄村村民委员会")
				.containsEntry("actorName", "测试者")
				.containsEntry("occurredAt", "2026-11-20T02:00:00Z");
			assertThat(number(data.get("orgId"))).isEqualTo(id(WUYANG_VILLAGE));
			assertThat(number(data.get("townId"))).isEqualTo(id("411121100"));
			assertThat(number(data.get("countyId"))).isEqualTo(id(WUYANG));

			TestFeed.awaitPublished(linying);
			List<Map<String, Object>> history = items(as(secretary).get().uri("/api/v1/feed?limit=200"));
			assertThat(history).extracting(i -> i.get("summary")).contains(wuyang).doesNotContain(linying);
			assertThat(history).allSatisfy(i -> assertThat(number(i.get("countyId"))).isEqualTo(id(WUYANG)));
		}
	}

	@Test
	void shouldNarrowTheStreamToAnOrgInsideTheScope() {
		TestUser leader = identities().withRole(Role.CITY_LEADER, "4111");
		try (SseProbe stream = SseProbe.open(this.port, "/api/v1/feed/stream?orgId=" + id("411121100"), leader.bearer(),
				null)) {
			this.feed.append(LINYING_VILLAGE, "临颍");
			this.feed.append("411121101", "吴城镇");
			String inTown = this.feed.append(WUYANG_VILLAGE, "舞泉镇");

			assertThat(SseProbe.summary(stream.next())).isEqualTo(inTown);
		}
	}

	@Test
	void shouldRefuseAnOrgOutsideTheScopeAUserWithoutRolesAndACallerWithoutToken() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		as(secretary).get()
			.uri("/api/v1/feed/stream?orgId={id}", id(LINYING))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("FORBIDDEN_SCOPE");
		as(secretary).get()
			.uri("/api/v1/feed?orgId={id}", id(LINYING))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("FORBIDDEN_SCOPE");
		as(secretary).get().uri("/api/v1/feed/stream?orgId=999999999").exchange().expectStatus().isNotFound();

		TestUser nobody = identities().newUser("无角色");
		for (String uri : List.of("/api/v1/feed/stream", "/api/v1/feed")) {
			as(nobody).get()
				.uri(uri)
				.exchange()
				.expectStatus()
				.isForbidden()
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("FORBIDDEN_ROLE");
		}
		as(nobody).post().uri("/api/v1/feed/tickets").exchange().expectStatus().isForbidden();

		for (String uri : List.of("/api/v1/feed/stream", "/api/v1/feed")) {
			client().get()
				.uri(uri)
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("UNAUTHENTICATED");
		}
		as(secretary).get()
			.uri("/api/v1/feed/stream?lastEventId=abc")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("lastEventId");
	}

	@Test
	void shouldOpenTheStreamForABrowserWithATicketOnlyOnce() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		Map<?, ?> ticket = TestFeed.ticket(as(secretary));
		String value = (String) ticket.get("ticket");
		assertThat(ticket.get("expiresAt")).isNotNull();

		try (SseProbe stream = SseProbe.open(this.port, "/api/v1/feed/stream?ticket=" + value, null, null)) {
			this.feed.append(LINYING_VILLAGE, "临颍");
			String wuyang = this.feed.append(WUYANG_VILLAGE, "舞阳");
			assertThat(SseProbe.summary(stream.next())).isEqualTo(wuyang);
		}

		client().get()
			.uri("/api/v1/feed/stream?ticket={t}", value)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("UNAUTHENTICATED");
		client().get().uri("/api/v1/feed/stream?ticket=forged").exchange().expectStatus().isUnauthorized();
	}

	@Test
	void shouldResumeAfterTheLastEventIdParameterWithNeitherGapNorDuplicate() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		String first;
		try (SseProbe stream = SseProbe.open(this.port, "/api/v1/feed/stream", secretary.bearer(), null)) {
			first = this.feed.append(WUYANG_VILLAGE, "first");
			assertThat(SseProbe.summary(stream.next())).isEqualTo(first);
		}
		String second = this.feed.append(WUYANG_VILLAGE, "second");
		this.feed.append(LINYING_VILLAGE, "elsewhere");
		String third = this.feed.append(WUYANG_VILLAGE, "third");
		TestFeed.awaitPublished(third);

		try (SseProbe resumed = SseProbe.open(this.port, "/api/v1/feed/stream?lastEventId=" + TestFeed.idOf(first),
				secretary.bearer(), null)) {
			assertThat(resumed.nextSummaries(2)).containsExactly(second, third);
			String fourth = this.feed.append(WUYANG_VILLAGE, "fourth");
			assertThat(SseProbe.summary(resumed.next())).isEqualTo(fourth);
		}
	}

	@Test
	void shouldSendEventsWrittenTogetherAsSeparateEventsInOrderWithTheirIdsAndNames() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		try (SseProbe stream = SseProbe.open(this.port, "/api/v1/feed/stream", secretary.bearer(), null)) {
			// one transaction: the relay publishes them together, and the stream gathers
			// what arrives within one flush interval into one write
			List<String> burst = this.feed.appendAll(WUYANG_VILLAGE, 20, "burst");

			long previous = 0;
			for (String summary : burst) {
				ServerSentEvent<String> event = stream.next();
				assertThat(SseProbe.summary(event)).isEqualTo(summary);
				assertThat(event.event()).isEqualTo("activity.logged");
				long id = Long.parseLong(event.id());
				assertThat(id).isEqualTo(TestFeed.idOf(summary)).isGreaterThan(previous);
				previous = id;
			}
		}
	}

	@Test
	void shouldPageTheHistoryNewestFirst() {
		String village = "411121100202";
		TestUser firstSecretary = identities().withRole(Role.FIRST_SECRETARY, village);
		String one = this.feed.append(village, "one");
		String two = this.feed.append(village, "two");
		String three = this.feed.append(village, "three");
		this.feed.append(WUYANG_VILLAGE, "neighbour");
		TestFeed.awaitPublished(three);

		Map<?, ?> page = page(as(firstSecretary).get().uri("/api/v1/feed?limit=2"));
		assertThat(summaries(page)).containsExactly(three, two);
		assertThat(page.get("nextCursor")).isEqualTo(Long.toString(TestFeed.idOf(two)));

		Map<?, ?> next = page(as(firstSecretary).get().uri("/api/v1/feed?limit=2&before={c}", page.get("nextCursor")));
		assertThat(summaries(next).get(0)).isEqualTo(one);
		Map<?, ?> viaCursor = page(
				as(firstSecretary).get().uri("/api/v1/feed?limit=2&cursor={c}", page.get("nextCursor")));
		assertThat(summaries(viaCursor).get(0)).isEqualTo(one);

		as(firstSecretary).get().uri("/api/v1/feed?before=abc").exchange().expectStatus().isBadRequest();
		as(firstSecretary).get().uri("/api/v1/feed?limit=201").exchange().expectStatus().isBadRequest();
	}

	@Test
	void shouldAnswerTheStreamAsAnEventStreamThatIsNotCached() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		var result = as(secretary).get()
			.uri("/api/v1/feed/stream")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
			.expectHeader()
			.valueEquals("X-Accel-Buffering", "no")
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {
			});
		assertThat(result.getResponseHeaders().getCacheControl()).contains("no-cache");
		// the first comment, sent as soon as the stream opens
		assertThat(result.getResponseBody().blockFirst(Duration.ofSeconds(10)).comment()).isEqualTo("open");
	}

	private long id(String code) {
		return this.feed.org(code).id();
	}

	private static long number(Object value) {
		return ((Number) value).longValue();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> items(
			org.springframework.test.web.reactive.server.WebTestClient.RequestHeadersSpec<?> request) {
		return (List<Map<String, Object>>) page(request).get("items");
	}

	private static Map<?, ?> page(
			org.springframework.test.web.reactive.server.WebTestClient.RequestHeadersSpec<?> request) {
		return request.exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
	}

	@SuppressWarnings("unchecked")
	private static List<Object> summaries(Map<?, ?> page) {
		return ((List<Map<String, Object>>) page.get("items")).stream().map(i -> i.get("summary")).toList();
	}

}
