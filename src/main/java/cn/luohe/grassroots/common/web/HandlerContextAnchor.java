package cn.luohe.grassroots.common.web;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The innermost filter: the dispatcher and the handler run under a {@code contextWrite}
 * that keeps the context unchanged, so that the many reads of the subscriber's context
 * inside them stop here instead of walking every operator of the filters around them (as
 * {@code DatabaseClientConfiguration} holds each statement result's context). Issue 19:
 * Reactor's {@code InnerOperator.currentContext} was the check-in's top frame, 7.1 and
 * 6.9 % of the samples by the topmost frame outside the JDK; 6.3 and 6.2 % with this
 * (docs/performance.md, <em>Changes</em>).
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
public class HandlerContextAnchor implements WebFilter {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return chain.filter(exchange).contextWrite(context -> context);
	}

}
