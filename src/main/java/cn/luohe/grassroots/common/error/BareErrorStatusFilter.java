package cn.luohe.grassroots.common.error;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * An error status set without an exception and completed without a body (an actuator
 * endpoint's 404 for {@code /actuator/health/nope}, a handler's empty
 * {@code ResponseEntity}) still leaves as problem+json with a code.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class BareErrorStatusFilter implements WebFilter {

	private final ProblemTranslator problems;

	public BareErrorStatusFilter(ProblemTranslator problems) {
		this.problems = problems;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpResponse original = exchange.getResponse();
		ServerWebExchange plain = exchange;
		ServerHttpResponseDecorator decorated = new ServerHttpResponseDecorator(original) {

			@Override
			public Mono<Void> setComplete() {
				HttpStatusCode status = getStatusCode();
				HttpStatus known = (status != null) ? HttpStatus.resolve(status.value()) : null;
				if (known != null && known.isError() && !isCommitted() && getHeaders().getContentType() == null) {
					return BareErrorStatusFilter.this.problems.write(plain, ProblemTranslator.forStatus(known));
				}
				return super.setComplete();
			}

		};
		return chain.filter(exchange.mutate().response(decorated).build());
	}

}
