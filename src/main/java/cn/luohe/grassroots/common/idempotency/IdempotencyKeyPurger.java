package cn.luohe.grassroots.common.idempotency;

import java.time.Duration;

import cn.luohe.grassroots.common.lifecycle.PeriodicTask;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/** Removes idempotency keys past their retention, hourly. */
@Component
class IdempotencyKeyPurger extends PeriodicTask {

	private final Idempotency idempotency;

	IdempotencyKeyPurger(Idempotency idempotency) {
		super("Purging idempotency keys", Duration.ofMinutes(1), Duration.ofHours(1));
		this.idempotency = idempotency;
	}

	@Override
	protected Mono<Long> runOnce() {
		return this.idempotency.purgeExpired();
	}

}
