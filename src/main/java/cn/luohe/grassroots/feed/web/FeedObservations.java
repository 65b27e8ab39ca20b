package cn.luohe.grassroots.feed.web;

import io.micrometer.observation.ObservationPredicate;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.security.authorization.AuthorizationObservationContext;
import org.springframework.security.web.server.authorization.AuthorizationContext;

/**
 * The SSE stream is left out of the request observations: an observation (context, key
 * values, long task timer samples) lives as long as its request, and a stream lives for
 * hours, so each idle subscriber would hold about 5 KB of them; a stream's duration is no
 * request latency either. Every other request is observed as before.
 */
@Configuration(proxyBeanMethods = false)
class FeedObservations {

	static final String STREAM_PATH = "/api/v1/feed/stream";

	@Bean
	ObservationPredicate feedStreamNotObserved() {
		return (name, context) -> {
			if (context instanceof ServerRequestObservationContext request) {
				ServerHttpRequest carrier = request.getCarrier();
				return carrier == null || !isStream(carrier);
			}
			if (context instanceof AuthorizationObservationContext<?> authorization
					&& authorization.getObject() instanceof AuthorizationContext exchange) {
				return !isStream(exchange.getExchange().getRequest());
			}
			return true;
		};
	}

	private static boolean isStream(ServerHttpRequest request) {
		return STREAM_PATH.equals(request.getPath().pathWithinApplication().value());
	}

}
