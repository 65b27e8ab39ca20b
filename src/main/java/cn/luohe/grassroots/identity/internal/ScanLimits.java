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
 * Fixed windows in Redis for PC sign-in: attempts started per address, polls per attempt,
 * scans and decisions per user. Fails open like the service's other limits (a cache
 * outage must not lock anyone out; the secrets are unguessable anyway).
 */
@Component
class ScanLimits {

	private static final Logger log = LoggerFactory.getLogger(ScanLimits.class);

	private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(1);

	private static final String PREFIX = "grassroots:scan:";

	private final ReactiveStringRedisTemplate redis;

	private final ScanProperties properties;

	ScanLimits(ReactiveStringRedisTemplate redis, ScanProperties properties) {
		this.redis = redis;
		this.properties = properties;
	}

	Mono<Void> create(String address) {
		return hit("create:" + address, this.properties.createsPerIp(), Duration.ofMinutes(10));
	}

	Mono<Void> poll(String sessionId) {
		return hit("poll:" + sessionId, this.properties.pollsPerSession(), Duration.ofMinutes(10));
	}

	Mono<Void> decide(long userId) {
		return hit("decide:" + userId, this.properties.decisionsPerUser(), Duration.ofMinutes(1));
	}

	private Mono<Void> hit(String key, int limit, Duration window) {
		String full = PREFIX + key;
		return this.redis.opsForValue()
			.increment(full)
			.flatMap(count -> ((count == 1) ? this.redis.expire(full, window) : Mono.just(true)).thenReturn(count))
			// the shared connection opens lazily with a blocking wait: never on an event
			// loop
			.subscribeOn(Schedulers.boundedElastic())
			.timeout(REDIS_TIMEOUT)
			.onErrorResume(ex -> {
				log.warn("Scan sign-in limit not checked, Redis failed ({}); letting the attempt through",
						ex.getClass().getName());
				return Mono.empty();
			})
			.flatMap(count -> (count > limit)
					? Mono.error(ApiException.tooManyRequests("Too many sign-in attempts; wait a moment", window))
					: Mono.empty());
	}

}
