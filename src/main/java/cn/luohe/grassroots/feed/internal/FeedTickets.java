package cn.luohe.grassroots.feed.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.id.Randoms;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.identity.api.Access;
import cn.luohe.grassroots.identity.api.Caller;
import reactor.core.publisher.Mono;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.stereotype.Service;

/**
 * Short-lived, single-use tickets that let a browser's EventSource (which cannot send an
 * Authorization header) open the feed stream. Kept in Redis with a TTL, bound to the user
 * who asked; the roles are read again when the ticket is used.
 */
@Service
public class FeedTickets {

	private static final String KEY_PREFIX = "grassroots:feed:ticket:";

	private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9_-]{16,64}");

	private final ReactiveStringRedisTemplate redis;

	private final Access access;

	private final BusinessClock clock;

	private final FeedProperties properties;

	FeedTickets(ReactiveStringRedisTemplate redis, Access access, BusinessClock clock, FeedProperties properties) {
		this.redis = redis;
		this.access = access;
		this.clock = clock;
		this.properties = properties;
	}

	public Mono<Ticket> issue(Caller caller) {
		if (caller.bindings().isEmpty()) {
			return Mono.error(ApiException.forbiddenRole());
		}
		String ticket = Randoms.token(32);
		Instant expiresAt = this.clock.now().plus(this.properties.ticketTtl());
		return this.redis.opsForValue()
			.set(KEY_PREFIX + ticket, Long.toString(caller.userId()), this.properties.ticketTtl())
			.timeout(this.properties.redisTimeout())
			.onErrorMap(FeedTickets::redisTrouble, FeedTickets::unavailable)
			.thenReturn(new Ticket(ticket, expiresAt));
	}

	/**
	 * The caller a ticket was issued to; the ticket is spent whatever happens next.
	 * UNAUTHENTICATED when unknown, expired or already used.
	 */
	public Mono<Caller> redeem(String ticket) {
		if (!WELL_FORMED.matcher(ticket).matches()) {
			return Mono.error(invalid());
		}
		return this.redis.opsForValue()
			.getAndDelete(KEY_PREFIX + ticket)
			.timeout(this.properties.redisTimeout())
			.onErrorMap(FeedTickets::redisTrouble, FeedTickets::unavailable)
			.switchIfEmpty(Mono.error(FeedTickets::invalid))
			.flatMap(userId -> this.access.caller()
				.contextWrite(ReactiveSecurityContextHolder
					.withAuthentication(UsernamePasswordAuthenticationToken.authenticated(userId, null, List.of()))));
	}

	private static ApiException invalid() {
		return ApiException.unauthenticated("The feed ticket is unknown, expired or already used");
	}

	private static boolean redisTrouble(Throwable ex) {
		return ex instanceof DataAccessException || ex instanceof TimeoutException;
	}

	private static ApiException unavailable(Throwable ex) {
		return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "FEED_UNAVAILABLE",
				"Feed tickets are unavailable for a moment; retry shortly")
			.retryAfter(Duration.ofSeconds(5));
	}

	/** A ticket and when it stops working. */
	public record Ticket(String ticket, Instant expiresAt) {

		@Override
		public String toString() {
			return "Ticket[******, expiresAt=" + this.expiresAt + "]";
		}

	}

}
