package cn.luohe.grassroots.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Opens the shared Redis connection at start-up. Spring Data Redis opens it lazily and
 * synchronously on first use, which would otherwise be a blocking connect on an
 * event-loop thread. Redis being down is no reason not to start: the connection is then
 * made on first use, and features treat Redis as losable anyway.
 */
@Component
class RedisWarmup {

	private static final Logger log = LoggerFactory.getLogger(RedisWarmup.class);

	private final ReactiveRedisConnectionFactory connectionFactory;

	RedisWarmup(ReactiveRedisConnectionFactory connectionFactory) {
		this.connectionFactory = connectionFactory;
	}

	@EventListener(ApplicationStartedEvent.class)
	void connect() {
		try (ReactiveRedisConnection connection = this.connectionFactory.getReactiveConnection()) {
			log.debug("Shared Redis connection open ({})", connection.getClass().getSimpleName());
		}
		catch (RuntimeException ex) {
			log.warn("Redis is not reachable at start-up ({}); connecting on first use", ex.getClass().getName());
		}
	}

}
