package cn.luohe.grassroots.identity.internal;

import java.time.Duration;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.ratelimit.FixedWindowLimit;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * PC sign-in's limits, through the service's one Redis rate limiter: attempts started per
 * address, polls per attempt, scans and decisions per user. Fail open like every limit (a
 * cache outage must not lock anyone out; the secrets are unguessable anyway).
 */
@Component
class ScanLimits {

	static final String PREFIX = "grassroots:scan:";

	private final FixedWindowLimit limit;

	private final ScanProperties properties;

	ScanLimits(ReactiveStringRedisTemplate redis, ScanProperties properties) {
		this.limit = new FixedWindowLimit(redis, "Scan sign-in", Duration.ofSeconds(1));
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
		return this.limit.hit(PREFIX + key, limit, window)
			.flatMap(allowed -> allowed ? Mono.<Void>empty()
					: Mono.error(ApiException.tooManyRequests("Too many sign-in attempts; wait a moment", window)));
	}

}
