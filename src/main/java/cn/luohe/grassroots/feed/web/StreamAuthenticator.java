package cn.luohe.grassroots.feed.web;

import cn.luohe.grassroots.feed.internal.FeedTickets;
import cn.luohe.grassroots.identity.api.Access;
import cn.luohe.grassroots.identity.api.Caller;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Who opens a feed stream, for both paths that serve one ({@link FeedStreamFilter} ahead
 * of the security chain, {@link FeedController} behind it): the single-use ticket when
 * there is one (browsers: EventSource cannot send a token), else the token's user. A
 * ticket is spent when read, so its outcome is kept on the exchange: when the filter
 * redeemed it and handed the request on, the handler answers with that same outcome.
 */
@Component
class StreamAuthenticator {

	private static final String TICKET_OUTCOME = StreamAuthenticator.class.getName() + ".ticket";

	private final Access access;

	private final FeedTickets tickets;

	StreamAuthenticator(Access access, FeedTickets tickets) {
		this.access = access;
		this.tickets = tickets;
	}

	/**
	 * The caller of a stream request carrying {@code ticket} (may be null). The token's
	 * user is read from the Reactor context, where the security chain (or the filter, by
	 * the chain's rules) put it.
	 */
	Mono<Caller> caller(ServerWebExchange exchange, @Nullable String ticket) {
		if (ticket == null) {
			return this.access.caller();
		}
		Object outcome = exchange.getAttribute(TICKET_OUTCOME);
		if (outcome instanceof Caller caller) {
			return Mono.just(caller);
		}
		if (outcome instanceof Throwable failure) {
			return Mono.error(failure);
		}
		return this.tickets.redeem(ticket).doOnEach(signal -> {
			if (signal.isOnNext()) {
				exchange.getAttributes().put(TICKET_OUTCOME, signal.get());
			}
			else if (signal.isOnError()) {
				exchange.getAttributes().put(TICKET_OUTCOME, signal.getThrowable());
			}
		});
	}

}
