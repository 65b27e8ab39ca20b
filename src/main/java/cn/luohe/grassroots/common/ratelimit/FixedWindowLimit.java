package cn.luohe.grassroots.common.ratelimit;

import java.time.Duration;
import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
 * lost: without it the same windows are counted in this instance's memory (a Caffeine
 * cache of counters, bounded in size), so a limit still bites during an outage (each
 * replica then allows the limit on its own) and nobody is locked out by a cache outage.
 * After a failure Redis is left alone for {@link #REDIS_PAUSE}, so an outage costs one
 * timeout per pause, not one per attempt.
 *
 * <p>
 * Kept over Bucket4j: these are plain fixed windows whose keys and windows the tests pin
 * down; one short script does that without a bucket model or a second Redis client.
 * Caffeine (already managed by Boot) keeps the local counters bounded and expiring.
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

	/** How long Redis is not asked after it failed. */
	static final Duration REDIS_PAUSE = Duration.ofSeconds(5);

	private final Cache<String, LocalWindow> local = Caffeine.newBuilder()
		.maximumSize(100_000)
		.expireAfterAccess(Duration.ofHours(1))
		.build();

	private volatile long redisPausedUntil = System.nanoTime();

	private volatile boolean redisFailing;

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
	 * fell in the current {@code window} (counted in this instance's memory while Redis
	 * fails).
	 */
	public Mono<Boolean> hit(String key, int limit, Duration window) {
		if (System.nanoTime() - this.redisPausedUntil < 0) {
			return Mono.just(localCount(key, window) <= limit);
		}
		return count(key, window).map(count -> {
			if (this.redisFailing) {
				this.redisFailing = false;
				log.warn("{} limit counted in Redis again", this.what);
			}
			return count <= limit;
		}).timeout(this.timeout).onErrorResume(ex -> {
			this.redisPausedUntil = System.nanoTime() + REDIS_PAUSE.toNanos();
			if (!this.redisFailing) {
				this.redisFailing = true;
				log.warn("{} limit counted in this instance's memory, Redis failed ({})", this.what, ex.toString());
			}
			return Mono.just(localCount(key, window) <= limit);
		});
	}

	/** The count of {@code key} in this instance's memory after one more attempt. */
	long localCount(String key, Duration window) {
		LocalWindow counter = this.local.get(key, k -> new LocalWindow());
		return counter.hit(System.nanoTime(), window.toNanos());
	}

	/** The count of {@code key} after one more attempt (errors as Redis gives them). */
	public Mono<Long> count(String key, Duration window) {
		return this.redis.execute(HIT, List.of(key), List.of(Long.toString(window.toSeconds())))
			// the shared connection opens lazily with a blocking wait, behind a lock:
			// subscribing off the event loop keeps both away from it
			.subscribeOn(Schedulers.boundedElastic())
			.next();
	}

	/** One key's fixed window in memory. */
	private static final class LocalWindow {

		private long start;

		private long count;

		private boolean started;

		synchronized long hit(long now, long windowNanos) {
			if (!this.started || now - this.start >= windowNanos) {
				this.started = true;
				this.start = now;
				this.count = 0;
			}
			return ++this.count;
		}

	}

}
