package cn.luohe.grassroots.youthhome.internal;

import java.time.Duration;
import java.util.List;

import cn.luohe.grassroots.common.error.ApiException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Fixed one-minute windows of sign-in attempts per user and per activity, counted in
 * Redis so every replica shares them. Redis may be lost: without it sign-ins go through
 * unlimited rather than not at all.
 */
@Component
class SignInRateLimiter {

	static final int PER_USER_PER_MINUTE = 20;

	static final int PER_ACTIVITY_PER_MINUTE = 600;

	private static final Logger log = LoggerFactory.getLogger(SignInRateLimiter.class);

	private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(2);

	// INCR and EXPIRE in one script: a counter can never be left without its expiry
	private static final RedisScript<Long> HIT = RedisScript.of("""
			local count = redis.call('INCR', KEYS[1])
			if count == 1 or redis.call('TTL', KEYS[1]) < 0 then
			  redis.call('EXPIRE', KEYS[1], ARGV[1])
			end
			return count
			""", Long.class);

	private final ReactiveStringRedisTemplate redis;

	SignInRateLimiter(ReactiveStringRedisTemplate redis) {
		this.redis = redis;
	}

	/**
	 * Opens the Redis connection and loads the script at start-up rather than on the
	 * first sign-in; should it fail, the first sign-in simply tries again.
	 */
	@EventListener(ApplicationReadyEvent.class)
	void warmUp() {
		increment("grassroots:rate:sign-in:warm-up").subscribe(count -> {
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
			.flatMap(allowed -> allowed ? Mono.<Void>empty() : Mono.error(ApiException
				.tooManyRequests("Too many sign-in attempts; try again in a minute", Duration.ofMinutes(1))));
	}

	private Mono<Boolean> hit(String key, int limit) {
		return increment(key).map(count -> count <= limit).timeout(REDIS_TIMEOUT).onErrorResume(ex -> {
			log.warn("Sign-in rate limit not checked, Redis failed: {}", ex.toString());
			return Mono.just(true);
		});
	}

	private Mono<Long> increment(String key) {
		return this.redis.execute(HIT, List.of(key), List.of("60"))
			// the shared connection opens lazily with a blocking wait, behind a lock:
			// subscribing off the event loop keeps both away from it
			.subscribeOn(Schedulers.boundedElastic())
			.next();
	}

}
