package cn.luohe.grassroots.common.web;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import cn.luohe.grassroots.common.error.ApiException;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * A request that has not begun its answer within {@code app.server.request-deadline} is
 * given up and answered 503 {@code TIMED_OUT} with {@code Retry-After}: a frozen database
 * (which enforces no statement timeout while it is stopped) or any other stuck dependency
 * must not hold a request for the whole stall (issue 20). An answer already being written
 * (a download, the event stream) is left alone.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class RequestDeadlineFilter implements WebFilter {

	static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	private final Duration deadline;

	public RequestDeadlineFilter(@Value("${app.server.request-deadline:60s}") Duration deadline) {
		this.deadline = deadline;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		AtomicBoolean committed = new AtomicBoolean();
		exchange.getResponse().beforeCommit(() -> {
			committed.set(true);
			return Mono.empty();
		});
		Mono<Long> expired = Mono.delay(this.deadline)
			.flatMap(
					tick -> (committed.get() || exchange.getResponse().isCommitted()) ? Mono.never() : Mono.just(tick));
		return chain.filter(exchange)
			.timeout(expired, Mono
				.error(() -> new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "TIMED_OUT", "服务暂时无法在规定时间内完成请求，请稍后重试")
					.retryAfter(RETRY_AFTER)));
	}

}
