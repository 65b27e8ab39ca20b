package cn.luohe.grassroots.feed.web;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import cn.luohe.grassroots.feed.SseProbe;
import cn.luohe.grassroots.feed.TestFeed;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import static cn.luohe.grassroots.feed.TestFeed.LINYING;
import static cn.luohe.grassroots.feed.TestFeed.WUYANG;
import static cn.luohe.grassroots.feed.TestFeed.WUYANG_VILLAGE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stream is opened ahead of the security chain and the dispatcher, and every other
 * answer still comes from the regular path, unchanged: these pin both halves.
 */
class FeedStreamFilterTests extends ApiTest {

	private static final String STREAM = "/api/v1/feed/stream";

	private static final List<String> SECURITY_HEADERS = List.of("X-Content-Type-Options", "X-Frame-Options",
			"X-XSS-Protection", "Referrer-Policy", "Strict-Transport-Security", "Pragma", "Expires");

	@Autowired
	ApplicationContext context;

	@Autowired
	FeedStreamFilter filter;

	private TestFeed feed;

	@BeforeEach
	void setUp() {
		this.feed = new TestFeed(this.context);
	}

	@Test
	void shouldOpenAStreamItselfWithoutTheRestOfTheChain() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		for (UnaryOperator<MockServerHttpRequest.BaseBuilder<?>> request : List.<UnaryOperator<MockServerHttpRequest.BaseBuilder<?>>>of(
				r -> r.header(HttpHeaders.AUTHORIZATION, secretary.bearer()),
				r -> r.header(HttpHeaders.AUTHORIZATION, secretary.bearer()).accept(MediaType.ALL),
				r -> r.header(HttpHeaders.AUTHORIZATION, secretary.bearer()).header("Last-Event-ID", "0"))) {
			MockServerWebExchange exchange = MockServerWebExchange
				.from(request.apply(MockServerHttpRequest.get(STREAM)));
			AtomicInteger handedOn = new AtomicInteger();
			Disposable stream = this.filter.filter(exchange, counting(handedOn)).subscribe();
			try {
				// committing starts before the security header writer has run: wait for
				// its headers, then check them all
				TestFeed.until(() -> exchange.getResponse().getHeaders().containsHeader("X-Content-Type-Options"),
						"the stream to open with the security chain's headers");
				assertThat(handedOn).hasValue(0);
				HttpHeaders headers = exchange.getResponse().getHeaders();
				assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.OK);
				assertThat(headers.getContentType()).isEqualTo(MediaType.TEXT_EVENT_STREAM);
				assertThat(headers.getCacheControl()).isEqualTo("no-cache");
				assertThat(headers.getFirst("X-Accel-Buffering")).isEqualTo("no");
				assertThat(headers.getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
			}
			finally {
				stream.dispose();
			}
		}
	}

	@Test
	void shouldHandEveryOtherRequestToTheRegularPathUntouched() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		String bearer = secretary.bearer();
		long linying = this.feed.org(LINYING).id();
		List<MockServerHttpRequest.BaseBuilder<?>> requests = List.of(MockServerHttpRequest.get(STREAM),
				MockServerHttpRequest.get(STREAM).header(HttpHeaders.AUTHORIZATION, "Bearer not.a.token"),
				MockServerHttpRequest.get(STREAM).header(HttpHeaders.AUTHORIZATION, "Basic eDp5"),
				MockServerHttpRequest.get(STREAM + "?orgId=" + linying).header(HttpHeaders.AUTHORIZATION, bearer),
				MockServerHttpRequest.get(STREAM + "?orgId=999999999").header(HttpHeaders.AUTHORIZATION, bearer),
				MockServerHttpRequest.get(STREAM + "?orgId=abc").header(HttpHeaders.AUTHORIZATION, bearer),
				MockServerHttpRequest.get(STREAM + "?orgId=").header(HttpHeaders.AUTHORIZATION, bearer),
				MockServerHttpRequest.get(STREAM + "?lastEventId=abc").header(HttpHeaders.AUTHORIZATION, bearer),
				MockServerHttpRequest.get(STREAM + "?ticket=forged").header(HttpHeaders.AUTHORIZATION, bearer),
				MockServerHttpRequest.get(STREAM)
					.header(HttpHeaders.AUTHORIZATION, bearer)
					.accept(MediaType.APPLICATION_JSON),
				MockServerHttpRequest.get(STREAM)
					.header(HttpHeaders.AUTHORIZATION, bearer)
					.header("Last-Event-ID", "1", "2"),
				MockServerHttpRequest.head(STREAM).header(HttpHeaders.AUTHORIZATION, bearer),
				MockServerHttpRequest.post(STREAM).header(HttpHeaders.AUTHORIZATION, bearer),
				MockServerHttpRequest.get(STREAM + "/").header(HttpHeaders.AUTHORIZATION, bearer),
				MockServerHttpRequest.get("/api/v1/feed").header(HttpHeaders.AUTHORIZATION, bearer));
		for (MockServerHttpRequest.BaseBuilder<?> request : requests) {
			MockServerWebExchange exchange = MockServerWebExchange.from(request);
			AtomicInteger handedOn = new AtomicInteger();
			this.filter.filter(exchange, counting(handedOn)).subscribe();
			TestFeed.until(() -> handedOn.get() > 0, "the request to be handed on: " + exchange.getRequest().getURI());
			assertThat(handedOn).hasValue(1);
			assertThat(exchange.getResponse().isCommitted()).isFalse();
			assertThat(exchange.getResponse().getStatusCode()).isNull();
			assertThat(exchange.getResponse().getHeaders().isEmpty()).isTrue();
		}
	}

	@Test
	void shouldAnswerTheStreamWithTheSameSecurityHeadersAsAnyOtherAnswer() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		HttpHeaders history = as(secretary).get()
			.uri("/api/v1/feed")
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseHeaders();
		HttpHeaders stream = as(secretary).get()
			.uri(STREAM)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseHeaders();
		for (String name : SECURITY_HEADERS) {
			if (!name.equals("Pragma") && !name.equals("Expires")) {
				assertThat(stream.get(name)).as(name).isEqualTo(history.get(name));
			}
		}
		assertThat(stream.get("X-Content-Type-Options")).containsExactly("nosniff");
		// the stream says no-cache itself, so Spring Security adds none of its own
		assertThat(stream.get(HttpHeaders.CACHE_CONTROL)).containsExactly("no-cache");
		assertThat(stream.get(HttpHeaders.PRAGMA)).isNull();
		assertThat(stream.get(HttpHeaders.EXPIRES)).isNull();
	}

	@Test
	void shouldSpendATicketOnceEvenWhenTheStreamItOpensIsRefused() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		String ticket = ticket(secretary);
		client().get()
			.uri(STREAM + "?ticket={t}&orgId={o}", ticket, this.feed.org(LINYING).id())
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("FORBIDDEN_SCOPE");
		client().get()
			.uri(STREAM + "?ticket={t}", ticket)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("UNAUTHENTICATED");
	}

	@Test
	void shouldKeepATicketWhenTheRequestIsRefusedBeforeItIsRead() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		String ticket = ticket(secretary);
		client().get()
			.uri(STREAM + "?ticket={t}", ticket)
			.header(HttpHeaders.AUTHORIZATION, "Bearer not.a.token")
			.exchange()
			.expectStatus()
			.isUnauthorized();
		client().get()
			.uri(STREAM + "?ticket={t}&lastEventId=abc", ticket)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("lastEventId");
		try (SseProbe stream = SseProbe.open(this.port, STREAM + "?ticket=" + ticket, null, null)) {
			String wuyang = this.feed.append(WUYANG_VILLAGE, "舞阳");
			assertThat(SseProbe.summary(stream.next())).isEqualTo(wuyang);
		}
	}

	@Test
	void shouldResetAClientResumingFromAnIdNeverIssuedInTheLastEventIdHeader() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		try (SseProbe stream = SseProbe.open(this.port, STREAM + "?lastEventId=abc", secretary.bearer(),
				"999999999999")) {
			ServerSentEvent<String> reset = stream.next();
			assertThat(reset.event()).isEqualTo("reset");
			assertThat(SseProbe.data(reset, SseProbe.Reset.class).reason()).isEqualTo("UNKNOWN_ID");
		}
	}

	private String ticket(TestUser user) {
		return TestFeed.issueTicket(as(user)).ticket();
	}

	private static WebFilterChain counting(AtomicInteger calls) {
		return exchange -> {
			calls.incrementAndGet();
			return Mono.empty();
		};
	}

}
