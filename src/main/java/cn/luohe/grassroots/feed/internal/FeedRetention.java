package cn.luohe.grassroots.feed.internal;

import java.time.Duration;

import cn.luohe.grassroots.common.lifecycle.PeriodicTask;
import cn.luohe.grassroots.common.time.BusinessClock;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Deletes published events older than {@code app.feed.retention} (90 days), hourly. The
 * purge mark it raises is what tells a resuming client that it missed deleted events and
 * must reset. Any instance may run it: the statement is idempotent.
 */
@Component
class FeedRetention extends PeriodicTask {

	private final FeedRepository repository;

	private final BusinessClock clock;

	private final FeedProperties properties;

	FeedRetention(FeedRepository repository, BusinessClock clock, FeedProperties properties) {
		super("Purging old feed events", Duration.ofMinutes(3), Duration.ofHours(1));
		this.repository = repository;
		this.clock = clock;
		this.properties = properties;
	}

	@Override
	protected Mono<Long> runOnce() {
		return purgeExpired();
	}

	Mono<Long> purgeExpired() {
		return Mono
			.defer(() -> this.repository.purgeCreatedBefore(this.clock.now().minus(this.properties.retention())));
	}

}
