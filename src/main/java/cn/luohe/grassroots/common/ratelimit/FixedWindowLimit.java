package cn.luohe.grassroots.common.ratelimit;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The one rate limiter: fixed windows counted in Redis, so every instance shares them.
 * Each attempt is one script (INCR, and EXPIRE when the counter has no expiry), so a
 * counter is never left without one, not even after a crash between the two. Redis may be
 * lost: without it attempts go through unlimited rather than not at all (the limits are a
 * second line of defence; nobody should be locked out by a cache outage).
 *
 * <p>
 * Kept over Bucket4j: these are plain fixed windows whose keys, windows and fail-open
 * rule the tests pin down; one short script does that without a bucket model or a second
 * Redis client.
 */
public final class FixedWindowLimit {

	private static final Logger log = LoggerFactory.getLogger(FixedWindowLimit.class);

	private static final RedisScript<Long> HIT = RedisScript.of("""
			local count = redis.call('INCR', KEYS[1])
			if count == 1 or redis.call('TTL', KEYS[1]) < 0 then
			  redis.call('EXPIRE', KEYS[1], ARGV[1])
			end
			return count
			""", Long.class);

	private final ReactiveStringRedisTemplate redis;

	private final String what;

	private final Duration timeout;

	/**
	 * @param what what is limited, for the warning logged when Redis fails
	 * @param timeout how long an attempt waits for Redis before it goes through
	 */
	public FixedWindowLimit(ReactiveStringRedisTemplate redis, String what, Duration timeout) {
		this.redis = redis;
		this.what = what;
		this.timeout = timeout;
	}

	/**
	 * Counts one attempt under {@code key}: true while at most {@code limit} attempts
	 * fell in the current {@code window}, true as well when Redis fails.
	 */
	public Mono<Boolean> hit(String key, int limit, Duration window) {
		return count(key, window).map(count -> count <= limit).timeout(this.timeout).onErrorResume(ex -> {
			log.warn("{} limit not checked, Redis failed ({}); letting the attempt through", this.what, ex.toString());
			return Mono.just(true);
		});
	}

	/** The count of {@code key} after one more attempt (errors as Redis gives them). */
	public Mono<Long> count(String key, Duration window) {
		return this.redis.execute(HIT, List.of(key), List.of(Long.toString(window.toSeconds())))
			// the shared connection opens lazily with a blocking wait, behind a lock:
			// subscribing off the event loop keeps both away from it
			.subscribeOn(Schedulers.boundedElastic())
			.next();
	}

}
