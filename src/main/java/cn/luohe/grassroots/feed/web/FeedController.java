package cn.luohe.grassroots.feed.web;

import cn.luohe.grassroots.common.paging.Cursors;
import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.paging.Limits;
import cn.luohe.grassroots.common.paging.Page;
import cn.luohe.grassroots.feed.internal.FeedScope;
import cn.luohe.grassroots.feed.internal.FeedService;
import cn.luohe.grassroots.feed.internal.FeedTickets;
import cn.luohe.grassroots.identity.api.Caller;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * The live feed: history, the SSE stream and browser tickets. The stream answers 401/403
 * as problem+json before it opens; once open, nothing but events and comments is written.
 */
@RestController
@RequestMapping("/api/v1/feed")
class FeedController {

	private final StreamAuthenticator authenticator;

	private final FeedService feed;

	private final FeedTickets tickets;

	private final FeedViewMapper mapper;

	private final FeedStreams streams;

	FeedController(StreamAuthenticator authenticator, FeedService feed, FeedTickets tickets, FeedViewMapper mapper,
			FeedStreams streams) {
		this.authenticator = authenticator;
		this.feed = feed;
		this.tickets = tickets;
		this.mapper = mapper;
		this.streams = streams;
	}

	@GetMapping
	Mono<Page<FeedViews.FeedItemView>> history(@RequestParam(required = false) @Nullable Long before,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable Long orgId, Caller caller) {
		int size = Limits.of(limit);
		Long from = (before != null) ? before : Cursors.id(cursor, "cursor");
		return this.feed.scope(caller, orgId)
			.flatMap(scope -> this.feed.history(scope, from, size + 1))
			.map(rows -> Page.of(rows, size, row -> Long.toString(row.id())).map(this.mapper::toItem));
	}

	@PostMapping("/tickets")
	Mono<ResponseEntity<FeedViews.TicketView>> ticket(Caller caller) {
		return this.tickets.issue(caller)
			.map(ticket -> ResponseEntity.status(HttpStatus.CREATED).body(this.mapper.toView(ticket)));
	}

	/**
	 * Authenticated by the bearer token (the mini-program) or by a single-use ticket
	 * (browsers). Resumes after {@code Last-Event-ID} (header, or the {@code lastEventId}
	 * parameter; the header wins, as a reconnecting EventSource sends it). A stream that
	 * opens is served by {@link FeedStreamFilter} before it gets here; this handler gives
	 * every other answer (and opens streams the filter leaves to it).
	 */
	@GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Mono<ResponseEntity<Flux<DataBuffer>>> stream(@RequestParam(required = false) @Nullable Long orgId,
			@RequestParam(required = false) @Nullable String lastEventId,
			@RequestHeader(name = FeedStreams.LAST_EVENT_ID, required = false) @Nullable String lastEventIdHeader,
			@RequestParam(required = false) @Nullable String ticket, ServerWebExchange exchange) {
		Long resumeAfter = FeedStreams.resumeAfter(lastEventId, lastEventIdHeader);
		ServerHttpResponse response = exchange.getResponse();
		return this.authenticator.caller(exchange, ticket)
			.flatMap(c -> this.feed.streamScope(c, orgId).map(scope -> new Scoped(c, scope)))
			.map(scoped -> ResponseEntity.ok()
				.cacheControl(CacheControl.noCache())
				// nginx and similar proxies would otherwise hold events back
				.header(FeedStreams.ACCEL_BUFFERING, "no")
				.contentType(MediaType.TEXT_EVENT_STREAM)
				.body(this.streams.body(this.feed.stream(scoped.caller(), scoped.scope(), resumeAfter),
						response.bufferFactory())))
			// the framework keeps the subscription to this Mono for as long as the body
			// is written: without the detach it would hold every operator of the caller's
			// resolution (R2DBC queries, parsed SQL, rows) for the lifetime of the stream
			.onTerminateDetach();
	}

	private record Scoped(Caller caller, FeedScope scope) {
	}

}
