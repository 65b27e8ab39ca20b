package cn.luohe.grassroots.identity.internal;

import java.time.Duration;

import cn.luohe.grassroots.common.error.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Bounds how many invitation codes one user may try (a fixed window per user, counted in
 * Redis so that every instance shares it). Guessing is hopeless at 60 bits anyway; this
 * keeps it so. When Redis is down redemption stays possible: the limit is a second line
 * of defence, and nobody should be locked out of their invitation by a cache outage.
 */
@Component
class RedemptionLimiter {

	private static final Logger log = LoggerFactory.getLogger(RedemptionLimiter.class);

	static final int MAX_ATTEMPTS = 10;

	static final Duration WINDOW = Duration.ofMinutes(10);

	private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(1);

	static final String KEY_PREFIX = "grassroots:invitation-redeem:";

	private final ReactiveStringRedisTemplate redis;

	RedemptionLimiter(ReactiveStringRedisTemplate redis) {
		this.redis = redis;
	}

	/** Counts one attempt; 429 RATE_LIMITED beyond the limit. */
	Mono<Void> acquire(long userId) {
		String key = KEY_PREFIX + userId;
		return this.redis.opsForValue()
			.increment(key)
			.flatMap(count -> keepWindow(key, count).thenReturn(count))
			// the first use (or the first after Redis was away at start-up) opens the
			// connection synchronously: never on an event loop
			.subscribeOn(Schedulers.boundedElastic())
			.timeout(REDIS_TIMEOUT)
			.onErrorResume(ex -> {
				log.warn("Invitation redemption limit not checked, Redis failed ({}); letting the attempt through",
						ex.getClass().getName());
				return Mono.empty();
			})
			.flatMap(
					count -> (count > MAX_ATTEMPTS)
							? Mono.error(ApiException.tooManyRequests(
									"Too many invitation codes tried; wait ten minutes", Duration.ofMinutes(10)))
							: Mono.empty());
	}

	private Mono<Boolean> keepWindow(String key, long count) {
		if (count == 1) {
			return this.redis.expire(key, WINDOW);
		}
		if (count <= MAX_ATTEMPTS) {
			return Mono.just(true);
		}
		// an INCR whose EXPIRE was lost (crash in
		// between) would lock the user out for good
		return this.redis.getExpire(key)
			.flatMap(ttl -> (ttl.isZero() || ttl.isNegative()) ? this.redis.expire(key, WINDOW) : Mono.just(true))
			.defaultIfEmpty(true);
	}

}
