package cn.luohe.grassroots.common.web;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;

/**
 * The anchor only stops the walk: the handler reads the context the filters around it
 * wrote (the caller's security context, the observation), and what the handler writes
 * itself stays its own.
 */
class HandlerContextAnchorTests {

	private final HandlerContextAnchor anchor = new HandlerContextAnchor();

	@Test
	void shouldHandTheHandlerTheContextWrittenAroundIt() {
		WebFilterChain handler = exchange -> Mono.deferContextual(context -> Mono.just(context.get("caller")))
			.filter("cadre"::equals)
			.switchIfEmpty(Mono.error(new AssertionError("the handler saw another caller")))
			.then();
		StepVerifier
			.create(this.anchor.filter(exchange(), handler).contextWrite(context -> context.put("caller", "cadre")))
			.verifyComplete();
	}

	@Test
	void shouldLeaveWhatTheHandlerWritesItselfToIt() {
		WebFilterChain handler = exchange -> Mono
			.deferContextual(context -> Mono.just(context.get("caller") + "/" + context.get("transaction")))
			.filter("cadre/tx-1"::equals)
			.switchIfEmpty(Mono.error(new AssertionError("the handler lost a context value")))
			.contextWrite(context -> context.put("transaction", "tx-1"))
			.then();
		StepVerifier
			.create(this.anchor.filter(exchange(), handler).contextWrite(context -> context.put("caller", "cadre")))
			.verifyComplete();
	}

	private static MockServerWebExchange exchange() {
		return MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/me"));
	}

}
