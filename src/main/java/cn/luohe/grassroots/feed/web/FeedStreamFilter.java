package cn.luohe.grassroots.feed.web;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import cn.luohe.grassroots.feed.internal.FeedScope;
import cn.luohe.grassroots.feed.internal.FeedService;
import cn.luohe.grassroots.identity.api.Caller;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.header.HttpHeaderWriterWebFilter;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Opens {@code GET /api/v1/feed/stream} ahead of Spring Security's filter chain and the
 * dispatcher. A stream lives for hours, and everything in the stack between the server
 * and the handler stays subscribed for as long as it does: Spring Security's chain (its
 * filters, their operators, the {@code Jwt} and {@code Authentication} in the Reactor
 * context), the dispatcher and the handler method's invocation state. Served here, an
 * idle stream keeps only the exchange, this filter's writer and the feed's own objects
 * (docs/feed.md, "Idle subscriber cost").
 *
 * <p>
 * Only a stream that opens is answered here, with what the regular path answers: the same
 * authentication (the chain's bearer token rules, the same {@link ReactiveJwtDecoder} and
 * the same firewall; or a ticket), the same caller and scope, and the chain's own
 * security header writer. Anything else goes down the regular path unchanged, which
 * answers as before: any failure (401, 403, 404, 400, 503 from any step), any request
 * whose parameters are not plainly what the handler reads, any other method or path.
 * Steps done here before such a failure are reads, redone there; a ticket is the
 * exception (it is spent when read): {@link StreamAuthenticator} hands its outcome on.
 */
@Component
// just ahead of Spring Security's WebFilterChainProxy (WebFluxSecurityConfiguration's
// order -100); the request size limit (HIGHEST_PRECEDENCE + 10) still comes first
@Order(-101)
class FeedStreamFilter implements WebFilter {

	/** What the handler's {@code Long orgId} parameter reads without a doubt. */
	private static final Pattern ORG_ID = Pattern.compile("[0-9]{1,18}");

	private static final List<String> PARAMETERS = List.of("orgId", "lastEventId", "ticket");

	private final FeedService feed;

	private final StreamAuthenticator authenticator;

	private final FeedStreams streams;

	/** The chain's rules: the Authorization header only, no query parameter. */
	private final ServerBearerTokenAuthenticationConverter bearer = new ServerBearerTokenAuthenticationConverter();

	private final JwtReactiveAuthenticationManager tokens;

	/** The security chain's own firewall (common.security.RequestFirewall). */
	private final ServerWebExchangeFirewall firewall;

	/** The security chain's own header writer, so both paths write the same headers. */
	private final Mono<HttpHeaderWriterWebFilter> securityHeaders;

	FeedStreamFilter(FeedService feed, StreamAuthenticator authenticator, FeedStreams streams,
			ReactiveJwtDecoder jwtDecoder, SecurityWebFilterChain securityChain, ServerWebExchangeFirewall firewall) {
		this.feed = feed;
		this.firewall = firewall;
		this.authenticator = authenticator;
		this.streams = streams;
		this.tokens = new JwtReactiveAuthenticationManager(jwtDecoder);
		this.securityHeaders = securityChain.getWebFilters()
			.ofType(HttpHeaderWriterWebFilter.class)
			.next()
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("The security chain writes no headers")))
			.cache();
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		if (request.getMethod() != HttpMethod.GET
				|| !FeedObservations.STREAM_PATH.equals(request.getPath().pathWithinApplication().value())) {
			return chain.filter(exchange);
		}
		return this.firewall.getFirewalledExchange(exchange)
			.mapNotNull(FeedStreamFilter::parse)
			.flatMap(stream -> scope(exchange, stream)
				.map(scoped -> Mono.defer(() -> open(exchange, scoped, stream.resumeAfter()))))
			.map(Optional::of)
			// the regular path answers every failure, as it always has
			.onErrorResume(ex -> Mono.just(Optional.empty()))
			.defaultIfEmpty(Optional.empty())
			// the operators that resolved the caller (R2DBC queries, rows, the token)
			// would otherwise stay referenced for as long as the stream is written
			.onTerminateDetach()
			.flatMap(opened -> opened.orElseGet(() -> chain.filter(exchange)));
	}

	/**
	 * The caller's scope, authenticated as the regular path does: the bearer token first
	 * (a present but invalid one fails even with a ticket), then the ticket if there is
	 * one, else the token's user.
	 */
	private Mono<Scoped> scope(ServerWebExchange exchange, StreamRequest stream) {
		Mono<Context> authenticated = this.bearer.convert(exchange)
			.flatMap(this.tokens::authenticate)
			.map(ReactiveSecurityContextHolder::withAuthentication)
			.defaultIfEmpty(Context.empty());
		return authenticated
			.flatMap(context -> this.authenticator.caller(exchange, stream.ticket()).contextWrite(context))
			.flatMap(caller -> this.feed.streamScope(caller, stream.orgId()).map(scope -> new Scoped(caller, scope)));
	}

	private record Scoped(Caller caller, FeedScope scope) {
	}

	/** The stream's answer, as the handler's {@code ResponseEntity} is written. */
	private Mono<Void> open(ServerWebExchange exchange, Scoped scoped, @Nullable Long resumeAfter) {
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(HttpStatus.OK);
		HttpHeaders headers = response.getHeaders();
		headers.setCacheControl(CacheControl.noCache());
		headers.set(FeedStreams.ACCEL_BUFFERING, "no");
		headers.setContentType(MediaType.TEXT_EVENT_STREAM);
		Flux<DataBuffer> body = this.streams.body(this.feed.stream(scoped.caller(), scoped.scope(), resumeAfter),
				response.bufferFactory());
		return this.securityHeaders.flatMap(writer -> writer.filter(exchange, written -> response.writeWith(body)));
	}

	/**
	 * The handler's parameters, when the request is plainly one the handler would accept;
	 * null hands it to the regular path. Reading the firewalled request's headers and
	 * parameters is what makes the firewall check them (it does so lazily); a rejection
	 * is an exception, which also hands the request on.
	 */
	private static @Nullable StreamRequest parse(ServerWebExchange firewalled) {
		ServerHttpRequest request = firewalled.getRequest();
		HttpHeaders headers = request.getHeaders();
		for (String name : headers.headerNames()) {
			headers.get(name);
		}
		if (!acceptsEventStream(headers)) {
			return null;
		}
		MultiValueMap<String, String> query = request.getQueryParams();
		for (String name : PARAMETERS) {
			List<String> values = query.get(name);
			if (values != null && values.size() != 1) {
				return null;
			}
		}
		List<String> lastEventIdHeader = headers.get(FeedStreams.LAST_EVENT_ID);
		if (lastEventIdHeader != null && lastEventIdHeader.size() != 1) {
			return null;
		}
		String orgId = query.getFirst("orgId");
		if (orgId != null && !ORG_ID.matcher(orgId).matches()) {
			return null;
		}
		Long resumeAfter = FeedStreams.resumeAfter(query.getFirst("lastEventId"),
				(lastEventIdHeader != null) ? lastEventIdHeader.get(0) : null);
		return new StreamRequest((orgId != null) ? Long.valueOf(orgId) : null, resumeAfter, query.getFirst("ticket"));
	}

	/** The handler produces text/event-stream only: anything else is its 406. */
	private static boolean acceptsEventStream(HttpHeaders headers) {
		List<String> accept = headers.get(HttpHeaders.ACCEPT);
		if (accept == null || accept.isEmpty()) {
			return true;
		}
		try {
			return MediaType.parseMediaTypes(accept)
				.stream()
				.anyMatch(type -> type.isCompatibleWith(MediaType.TEXT_EVENT_STREAM));
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	private record StreamRequest(@Nullable Long orgId, @Nullable Long resumeAfter, @Nullable String ticket) {

		@Override
		public String toString() {
			return "StreamRequest[orgId=" + this.orgId + ", resumeAfter=" + this.resumeAfter + ", ticket="
					+ ((this.ticket != null) ? "******" : null) + "]";
		}

	}

}
