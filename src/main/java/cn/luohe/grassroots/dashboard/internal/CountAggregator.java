package cn.luohe.grassroots.dashboard.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import cn.luohe.grassroots.common.lifecycle.PeriodicTask;
import cn.luohe.grassroots.common.time.BusinessClock;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Keeps {@code town_month_counts} true: takes dirty town-months in batches and recounts
 * them from the raw records. Runs on every replica, but one batch at a time across all of
 * them (a transaction-scoped advisory lock), so two recounts of one town-month never
 * race; a replica that finds the lock taken simply waits for its next tick.
 */
@Component
class CountAggregator extends PeriodicTask {

	/** How many ticks between checks that the current month has a row for every town. */
	private static final long ROLLOVER_EVERY_TICKS = 50;

	private final CountRepository counts;

	private final TransactionalOperator tx;

	private final BusinessClock clock;

	private final DashboardProperties properties;

	private final AtomicLong ticks = new AtomicLong();

	CountAggregator(CountRepository counts, TransactionalOperator tx, BusinessClock clock,
			DashboardProperties properties) {
		super("Dashboard aggregation", properties.aggregatorInterval(), properties.aggregatorInterval());
		this.counts = counts;
		this.tx = tx;
		this.clock = clock;
		this.properties = properties;
	}

	@Override
	protected Mono<Integer> runOnce() {
		Mono<Long> rollover = (this.ticks.getAndIncrement() % ROLLOVER_EVERY_TICKS == 0)
				? this.counts.markMissingTowns(this.clock.currentMonth()).then(this.counts.purgeConsumed())
				: Mono.just(0L);
		return rollover.then(drainOnce());
	}

	/**
	 * Recounts one batch of dirty town-months; returns how many dirty marks it consumed.
	 */
	Mono<Integer> drainOnce() {
		return this.counts.tryAggregatorLock()
			.flatMap(locked -> locked ? this.counts.takeDirty(this.properties.aggregatorBatch()).collectList()
					: Mono.just(List.<CountRepository.TownMonth>of()))
			.flatMap(taken -> Flux.fromIterable(taken)
				.distinct()
				.concatMap(townMonth -> this.counts.recompute(townMonth, this.clock.now()))
				.then(Mono.just(taken.size())))
			.as(this.tx::transactional);
	}

	/** Drains until nothing is dirty (admin reconciliation, tests). */
	Mono<Void> drainAll() {
		return drainOnce().repeat()
			.takeUntil(n -> n == 0)
			.then(this.counts.pendingDirty())
			.flatMap(pending -> (pending > 0) ? Mono.delay(Duration.ofMillis(50)).then(drainAll()) : Mono.empty());
	}

}
