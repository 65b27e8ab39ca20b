package cn.luohe.grassroots.common.web;

import cn.luohe.grassroots.common.error.ApiException;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Refuses bodies over the limit from their declared length before anything is read.
 * Chunked bodies without a length are bounded by the codecs' in-memory limit instead.
 * Media uploads carry their own, larger limit.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class RequestSizeLimitFilter implements WebFilter {

	static final long JSON_LIMIT = 1024L * 1024;

	/** 10 MiB of file plus room for the multipart envelope. */
	static final long MEDIA_LIMIT = 10L * 1024 * 1024 + 64 * 1024;

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		long length = exchange.getRequest().getHeaders().getContentLength();
		long limit = exchange.getRequest().getPath().value().startsWith("/api/v1/media") ? MEDIA_LIMIT : JSON_LIMIT;
		if (length > limit) {
			return Mono.error(new ApiException(HttpStatus.CONTENT_TOO_LARGE, "PAYLOAD_TOO_LARGE",
					"The request body is larger than " + limit + " bytes"));
		}
		return chain.filter(exchange);
	}

}
