package cn.luohe.grassroots.feed.web;

import java.time.Duration;
import java.util.List;

import cn.luohe.grassroots.feed.SseProbe;
import cn.luohe.grassroots.feed.TestFeed;
import cn.luohe.grassroots.feed.web.FeedTestViews.StreamedEvent;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Problems.FieldError;
import cn.luohe.grassroots.support.Responses;
import cn.luohe.grassroots.support.Responses.FeedItem;
import cn.luohe.grassroots.support.Responses.FeedTicket;
import cn.luohe.grassroots.support.Responses.Page;
import cn.luohe.grassroots.support.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.feed.TestFeed.LINYING;
import static cn.luohe.grassroots.feed.TestFeed.LINYING_VILLAGE;
import static cn.luohe.grassroots.feed.TestFeed.WUYANG;
import static cn.luohe.grassroots.feed.TestFeed.WUYANG_VILLAGE;
import static cn.luohe.grassroots.support.Problems.expectProblem;
import static cn.luohe.grassroots.support.Problems.expectProblemRead;
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
			assertThat(SseProbe.fields(event)).containsExactlyInAnyOrder("type", "orgId", "orgName", "townId",
					"countyId", "actorName", "occurredAt", "summary", "recordType", "recordId", "thumbnails",
					"retracts");
			StreamedEvent data = SseProbe.data(event, StreamedEvent.class);
			assertThat(data.type()).isEqualTo("activity.logged");
			assertThat(data.retracts()).isEmpty();
			assertThat(data.orgName()).isEqualTo("大杨庄村村民委员会");
			assertThat(data.actorName()).isEqualTo("测试者");
			assertThat(data.occurredAt()).isEqualTo("2026-11-20T02:00:00Z");
			assertThat(data.orgId()).isEqualTo(id(WUYANG_VILLAGE));
			assertThat(data.townId()).isEqualTo(id("411121100"));
			assertThat(data.countyId()).isEqualTo(id(WUYANG));

			TestFeed.awaitPublished(linying);
			List<FeedItem> history = page(as(secretary).get().uri("/api/v1/feed?limit=200")).items();
			assertThat(history).extracting(FeedItem::summary).contains(wuyang).doesNotContain(linying);
			assertThat(history).allSatisfy(i -> assertThat(i.countyId()).isEqualTo(id(WUYANG)));
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
		expectProblem(as(secretary).get().uri("/api/v1/feed/stream?orgId={id}", id(LINYING)).exchange(), 403,
				"FORBIDDEN_SCOPE");
		expectProblem(as(secretary).get().uri("/api/v1/feed?orgId={id}", id(LINYING)).exchange(), 403,
				"FORBIDDEN_SCOPE");
		as(secretary).get().uri("/api/v1/feed/stream?orgId=999999999").exchange().expectStatus().isNotFound();

		TestUser nobody = identities().newUser("无角色");
		for (String uri : List.of("/api/v1/feed/stream", "/api/v1/feed")) {
			expectProblem(as(nobody).get().uri(uri).exchange(), 403, "FORBIDDEN_ROLE");
		}
		as(nobody).post().uri("/api/v1/feed/tickets").exchange().expectStatus().isForbidden();

		for (String uri : List.of("/api/v1/feed/stream", "/api/v1/feed")) {
			expectProblem(client().get().uri(uri).exchange(), 401, "UNAUTHENTICATED");
		}
		assertThat(expectProblemRead(as(secretary).get().uri("/api/v1/feed/stream?lastEventId=abc").exchange(), 400,
				"VALIDATION_FAILED")
			.errors()).first().extracting(FieldError::field).isEqualTo("lastEventId");
	}

	@Test
	void shouldOpenTheStreamForABrowserWithATicketOnlyOnce() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		FeedTicket ticket = TestFeed.issueTicket(as(secretary));
		String value = ticket.ticket();
		assertThat(ticket.expiresAt()).isNotNull();

		try (SseProbe stream = SseProbe.open(this.port, "/api/v1/feed/stream?ticket=" + value, null, null)) {
			this.feed.append(LINYING_VILLAGE, "临颍");
			String wuyang = this.feed.append(WUYANG_VILLAGE, "舞阳");
			assertThat(SseProbe.summary(stream.next())).isEqualTo(wuyang);
		}

		expectProblem(client().get().uri("/api/v1/feed/stream?ticket={t}", value).exchange(), 401, "UNAUTHENTICATED");
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

		Page<FeedItem> page = page(as(firstSecretary).get().uri("/api/v1/feed?limit=2"));
		assertThat(summaries(page)).containsExactly(three, two);
		assertThat(page.nextCursor()).isEqualTo(Long.toString(TestFeed.idOf(two)));

		Page<FeedItem> next = page(as(firstSecretary).get().uri("/api/v1/feed?limit=2&before={c}", page.nextCursor()));
		assertThat(summaries(next).get(0)).isEqualTo(one);
		Page<FeedItem> viaCursor = page(
				as(firstSecretary).get().uri("/api/v1/feed?limit=2&cursor={c}", page.nextCursor()));
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

	private static Page<FeedItem> page(WebTestClient.RequestHeadersSpec<?> request) {
		Page<FeedItem> page = request.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Responses.page(FeedItem.class))
			.returnResult()
			.getResponseBody();
		assertThat(page).as("a page of the feed").isNotNull();
		return page;
	}

	private static List<String> summaries(Page<FeedItem> page) {
		return page.items().stream().map(FeedItem::summary).toList();
	}

}
