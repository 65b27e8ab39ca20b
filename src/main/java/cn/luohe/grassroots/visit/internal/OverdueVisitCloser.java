package cn.luohe.grassroots.visit.internal;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import cn.luohe.grassroots.common.lifecycle.PeriodicTask;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.dashboard.api.CountInvalidation;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Closes visits left open past the end of their day (AUTO_CLOSED) and marks their
 * town-months dirty. Reads never wait for it: an open visit past its day already reads
 * AUTO_CLOSED and refuses its check-out; this only makes the stored status (and the
 * counts) catch up. Any number of instances may run it at once.
 */
@Component
class OverdueVisitCloser extends PeriodicTask {

	static final int BATCH = 500;

	private final VisitRepository visits;

	private final CountInvalidation counts;

	private final BusinessClock clock;

	private final TransactionalOperator transactions;

	OverdueVisitCloser(VisitRepository visits, CountInvalidation counts, BusinessClock clock,
			ReactiveTransactionManager transactionManager, VisitProperties properties) {
		super("Closing overdue visits", properties.sweepInterval(), properties.sweepInterval());
		this.visits = visits;
		this.counts = counts;
		this.clock = clock;
		this.transactions = TransactionalOperator.create(transactionManager);
	}

	@Override
	protected Mono<Integer> runOnce() {
		return closeOverdue();
	}

	/** One batch; answers how many visits it closed. */
	Mono<Integer> closeOverdue() {
		return Mono
			.defer(() -> this.visits.closeOverdue(this.clock.now().truncatedTo(ChronoUnit.MICROS), BATCH)
				.collectList()
				.flatMap(closed -> Flux.fromIterable(closed)
					.distinct()
					.concatMap(townMonth -> this.counts.touch(townMonth.townId(), townMonth.month()))
					.then(Mono.just(closed.size()))))
			.as(this.transactions::transactional);
	}

}
