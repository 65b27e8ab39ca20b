package cn.luohe.grassroots.feed.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.id.Randoms;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.identity.api.Access;
import cn.luohe.grassroots.identity.api.Caller;
import org.jspecify.annotations.Nullable;
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
 * who asked and to the bindings they asked with (a browser signed in by scan: those it
 * was confirmed with); when the ticket is used the bindings are read again and only those
 * of them still active count.
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
			.set(KEY_PREFIX + ticket, Holder.of(caller).value(), this.properties.ticketTtl())
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
			.map(Holder::parse)
			.flatMap(holder -> this.access.caller()
				.contextWrite(ReactiveSecurityContextHolder.withAuthentication(UsernamePasswordAuthenticationToken
					.authenticated(Long.toString(holder.userId()), null, List.of())))
				.map(holder::narrow));
	}

	/**
	 * Whom a ticket was issued to, as kept in Redis: {@code userId:bindingId,bindingId}.
	 */
	record Holder(long userId, @Nullable Set<Long> bindingIds) {

		static Holder of(Caller caller) {
			return new Holder(caller.userId(),
					caller.bindings().stream().map(b -> b.id()).collect(Collectors.toUnmodifiableSet()));
		}

		static Holder parse(String value) {
			int colon = value.indexOf(':');
			if (colon < 0) {
				// from a replica that kept no bindings (rolling update): all of them
				return new Holder(Long.parseLong(value), null);
			}
			String ids = value.substring(colon + 1);
			return new Holder(Long.parseLong(value.substring(0, colon)), ids.isEmpty() ? Set.of()
					: Arrays.stream(ids.split(",")).map(Long::valueOf).collect(Collectors.toUnmodifiableSet()));
		}

		String value() {
			Set<Long> ids = (this.bindingIds != null) ? this.bindingIds : Set.of();
			return this.userId + ":" + ids.stream().map(String::valueOf).collect(Collectors.joining(","));
		}

		/** The caller with only the ticket's bindings that are still active. */
		Caller narrow(Caller current) {
			Set<Long> ids = this.bindingIds;
			if (ids == null) {
				return current;
			}
			return new Caller(current.userId(), current.displayName(),
					current.bindings().stream().filter(b -> ids.contains(b.id())).toList());
		}

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
