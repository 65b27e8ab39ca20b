package cn.luohe.grassroots.config;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ValidationDepth;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;

/**
 * Health of PostgreSQL ({@code r2dbc}) and Redis ({@code redis}), each answering within
 * {@link #TIMEOUT}: Boot's own indicators wait as long as the pool's acquire time or
 * Lettuce's command timeout (a health check took 60 s with Redis gone). The database's
 * indicator is in the readiness group: an instance that cannot reach it is taken out of
 * rotation; Redis is not (the service works without it, docs/architecture.md).
 */
@Configuration(proxyBeanMethods = false)
class DependencyHealth {

	static final Duration TIMEOUT = Duration.ofMillis(1500);

	// the names replace Boot's indicators (they back off)
	@Bean
	ReactiveHealthIndicator r2dbcHealthIndicator(ConnectionFactory connections) {
		return () -> Mono
			.usingWhen(Mono.from(connections.create()), (Connection c) -> Mono.from(c.validate(ValidationDepth.REMOTE)),
					Connection::close)
			.map(valid -> valid ? Health.up().withDetail("database", "PostgreSQL").build()
					: Health.down().withDetail("error", "validation failed").build())
			.timeout(TIMEOUT)
			.onErrorResume(ex -> Mono.just(down(ex)));
	}

	@Bean
	ReactiveHealthIndicator redisHealthIndicator(ReactiveRedisConnectionFactory redis) {
		return () -> Mono.usingWhen(
				// the shared connection may open with a blocking wait: not on an event
				// loop
				Mono.fromCallable(redis::getReactiveConnection).subscribeOn(Schedulers.boundedElastic()),
				connection -> connection.ping(), connection -> connection.closeLater())
			.map(pong -> Health.up().build())
			.timeout(TIMEOUT)
			.onErrorResume(ex -> Mono.just(down(ex)));
	}

	private static Health down(Throwable ex) {
		String error = (ex instanceof TimeoutException) ? "no answer within " + TIMEOUT.toMillis() + " ms"
				: ex.getClass().getSimpleName();
		return Health.down().withDetail("error", error).build();
	}

}
