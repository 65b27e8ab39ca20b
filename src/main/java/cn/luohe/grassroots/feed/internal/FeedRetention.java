package cn.luohe.grassroots.feed.internal;

import java.time.Duration;

import cn.luohe.grassroots.common.time.BusinessClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Deletes published events older than {@code app.feed.retention} (90 days), hourly. The
 * purge mark it raises is what tells a resuming client that it missed deleted events and
 * must reset. Any instance may run it: the statement is idempotent.
 */
@Component
class FeedRetention implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(FeedRetention.class);

	private final FeedRepository repository;

	private final BusinessClock clock;

	private final FeedProperties properties;

	private volatile Disposable task;

	FeedRetention(FeedRepository repository, BusinessClock clock, FeedProperties properties) {
		this.repository = repository;
		this.clock = clock;
		this.properties = properties;
	}

	Mono<Long> purgeExpired() {
		return Mono
			.defer(() -> this.repository.purgeCreatedBefore(this.clock.now().minus(this.properties.retention())));
	}

	@Override
	public void start() {
		this.task = Flux.interval(Duration.ofMinutes(3), Duration.ofHours(1))
			.concatMap(
					tick -> purgeExpired().doOnError(ex -> log.warn("Purging old feed events failed; will retry", ex))
						.onErrorReturn(0L))
			.subscribe();
	}

	@Override
	public void stop() {
		Disposable current = this.task;
		if (current != null) {
			current.dispose();
		}
		this.task = null;
	}

	@Override
	public boolean isRunning() {
		return this.task != null;
	}

}
