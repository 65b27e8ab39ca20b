package cn.luohe.grassroots.identity.internal;

import java.time.Duration;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.ratelimit.FixedWindowLimit;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Bounds how many invitation codes one user may try (a fixed window per user). Guessing
 * is hopeless at 60 bits anyway; this keeps it so. When Redis is down redemption stays
 * possible.
 */
@Component
class RedemptionLimiter {

	static final int MAX_ATTEMPTS = 10;

	static final Duration WINDOW = Duration.ofMinutes(10);

	static final String KEY_PREFIX = "grassroots:invitation-redeem:";

	private final FixedWindowLimit limit;

	RedemptionLimiter(ReactiveStringRedisTemplate redis) {
		this.limit = new FixedWindowLimit(redis, "Invitation redemption", Duration.ofSeconds(1));
	}

	/** Counts one attempt; 429 RATE_LIMITED beyond the limit. */
	Mono<Void> acquire(long userId) {
		return this.limit.hit(KEY_PREFIX + userId, MAX_ATTEMPTS, WINDOW)
			.flatMap(allowed -> allowed ? Mono.<Void>empty() : Mono
				.error(ApiException.tooManyRequests("Too many invitation codes tried; wait ten minutes", WINDOW)));
	}

}
