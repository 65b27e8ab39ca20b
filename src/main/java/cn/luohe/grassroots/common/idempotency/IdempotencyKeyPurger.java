package cn.luohe.grassroots.common.idempotency;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/** Removes idempotency keys past their retention, hourly. */
@Component
class IdempotencyKeyPurger implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyPurger.class);

	private final Idempotency idempotency;

	private volatile Disposable task;

	IdempotencyKeyPurger(Idempotency idempotency) {
		this.idempotency = idempotency;
	}

	@Override
	public void start() {
		this.task = Flux.interval(Duration.ofMinutes(1), Duration.ofHours(1))
			.concatMap(tick -> this.idempotency.purgeExpired()
				.doOnError(ex -> log.warn("Purging idempotency keys failed; will retry", ex))
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
