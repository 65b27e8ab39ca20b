package cn.luohe.grassroots.common.web;

import java.time.Duration;

import cn.luohe.grassroots.common.error.ApiException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deadline on its own (the fault suite meets it only through a frozen PostgreSQL,
 * where the pool's own bounds may answer first): a request with no answer begun is given
 * up with 503 {@code TIMED_OUT} and {@code Retry-After}, and an answer already being
 * written (the event stream) is left alone.
 */
class RequestDeadlineFilterTests {

	private static final Duration DEADLINE = Duration.ofMillis(300);

	private final RequestDeadlineFilter filter = new RequestDeadlineFilter(DEADLINE);

	@Test
	void shouldGiveUpARequestWithNoAnswerBegunWithTimedOut() {
		MockServerWebExchange exchange = exchange();
		WebFilterChain stuck = e -> Mono.never();
		long started = System.nanoTime();
		StepVerifier.create(this.filter.filter(exchange, stuck)).expectErrorSatisfies(error -> {
			assertThat(error).isInstanceOf(ApiException.class);
			ApiException problem = (ApiException) error;
			assertThat(problem.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
			assertThat(problem.code()).isEqualTo("TIMED_OUT");
			assertThat(problem.retryAfter()).isEqualTo(RequestDeadlineFilter.RETRY_AFTER);
		}).verify(Duration.ofSeconds(5));
		// never before the deadline (a busy scheduler may only make it later)
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(DEADLINE);
	}

	@Test
	void shouldLeaveAnAnswerAlreadyBeingWrittenAlone() {
		MockServerWebExchange exchange = exchange();
		// the event stream: headers and a first frame out, then open for as long as the
		// reader stays
		WebFilterChain streaming = e -> e.getResponse()
			.writeAndFlushWith(Mono.just(Mono.just(DefaultDataBufferFactory.sharedInstance.wrap(new byte[] { 'x' }))))
			.then(Mono.never());
		StepVerifier.create(this.filter.filter(exchange, streaming))
			.expectSubscription()
			.expectNoEvent(DEADLINE.multipliedBy(3))
			.thenCancel()
			.verify(Duration.ofSeconds(5));
		assertThat(exchange.getResponse().isCommitted()).isTrue();
	}

	private static MockServerWebExchange exchange() {
		return MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/me"));
	}

}
