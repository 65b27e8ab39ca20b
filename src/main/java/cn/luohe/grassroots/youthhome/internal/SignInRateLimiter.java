package cn.luohe.grassroots.youthhome.internal;

import java.time.Duration;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.ratelimit.FixedWindowLimit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Fixed one-minute windows of sign-in attempts per user and per activity
 * ({@link FixedWindowLimit}): without Redis sign-ins go through unlimited.
 */
@Component
class SignInRateLimiter {

	static final int PER_USER_PER_MINUTE = 20;

	static final int PER_ACTIVITY_PER_MINUTE = 600;

	private static final Logger log = LoggerFactory.getLogger(SignInRateLimiter.class);

	private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(2);

	private static final Duration MINUTE = Duration.ofMinutes(1);

	private final FixedWindowLimit limit;

	SignInRateLimiter(ReactiveStringRedisTemplate redis) {
		this.limit = new FixedWindowLimit(redis, "Sign-in", REDIS_TIMEOUT);
	}

	/**
	 * Opens the Redis connection and loads the script at start-up rather than on the
	 * first sign-in; should it fail, the first sign-in simply tries again.
	 */
	@EventListener(ApplicationReadyEvent.class)
	void warmUp() {
		this.limit.count("grassroots:rate:sign-in:warm-up", MINUTE).subscribe(count -> {
		}, ex -> log.info("Redis not reachable yet for sign-in rate limits: {}", ex.toString()));
	}

	/**
	 * Counts an attempt; RATE_LIMITED when the user's or the activity's minute is full.
	 */
	Mono<Void> acquire(long userId, @Nullable Long activityId) {
		Mono<Boolean> activityAllowed = (activityId != null)
				? hit("grassroots:rate:sign-in:activity:" + activityId, PER_ACTIVITY_PER_MINUTE) : Mono.just(true);
		return hit("grassroots:rate:sign-in:user:" + userId, PER_USER_PER_MINUTE)
			.flatMap(allowed -> allowed ? activityAllowed : Mono.just(false))
			.flatMap(allowed -> allowed ? Mono.<Void>empty() : Mono
				.error(ApiException.tooManyRequests("Too many sign-in attempts; try again in a minute", MINUTE)));
	}

	private Mono<Boolean> hit(String key, int limit) {
		return this.limit.hit(key, limit, MINUTE);
	}

}
