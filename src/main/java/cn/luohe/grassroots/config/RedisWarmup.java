package cn.luohe.grassroots.config;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
 * event-loop thread. The connect (≈ 1 s for the process's first: Lettuce's resources and
 * classes) starts on its own thread as soon as this bean is made, alongside the rest of
 * start-up and the migrations, and is awaited once the context has started, before the
 * service reports ready. Redis being down is no reason not to start: the connection is
 * then made on first use, and features treat Redis as losable anyway.
 */
@Component
class RedisWarmup {

	private static final Logger log = LoggerFactory.getLogger(RedisWarmup.class);

	/** How long the started context waits for the connect before going on without it. */
	private static final Duration AWAIT = Duration.ofSeconds(10);

	private final CompletableFuture<Void> connected;

	RedisWarmup(ReactiveRedisConnectionFactory connectionFactory) {
		this.connected = CompletableFuture.runAsync(() -> connect(connectionFactory),
				task -> Thread.ofPlatform().name("redis-warmup").daemon().start(task));
	}

	private static void connect(ReactiveRedisConnectionFactory connectionFactory) {
		try (ReactiveRedisConnection connection = connectionFactory.getReactiveConnection()) {
			log.debug("Shared Redis connection open ({})", connection.getClass().getSimpleName());
		}
		catch (RuntimeException ex) {
			log.warn("Redis is not reachable at start-up ({}); connecting on first use", ex.getClass().getName());
		}
	}

	@EventListener(ApplicationStartedEvent.class)
	void awaitConnect() throws InterruptedException {
		try {
			this.connected.get(AWAIT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			log.warn("Redis connect not done within {} at start-up; connecting on first use", AWAIT);
		}
	}

}
