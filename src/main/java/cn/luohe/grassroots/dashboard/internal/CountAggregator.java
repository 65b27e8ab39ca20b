package cn.luohe.grassroots.dashboard.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import cn.luohe.grassroots.common.lifecycle.PeriodicTask;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.dashboard.internal.CountMarks.DirtyMark;
import cn.luohe.grassroots.dashboard.internal.CountMarks.TownMonth;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Keeps {@code town_month_counts} true: takes dirty town-months in batches and recounts
 * them from the raw records. Runs on every replica, but one batch at a time across all of
 * them (a transaction-scoped advisory lock), so two recounts of one town-month never
 * race; a replica that finds the lock taken simply waits for its next tick. A town-month
 * this replica recounted less than {@code recount-gap} ago rests: its new marks wait and
 * are recounted together (a busy town in visit week was recounted at every 200 ms tick,
 * each recount reading its whole month of records), so a quiet town's first change still
 * shows at the next tick and a busy one's within the gap.
 */
@Component
class CountAggregator extends PeriodicTask {

	/** How many ticks between checks that the current month has a row for every town. */
	private static final long ROLLOVER_EVERY_TICKS = 50;

	private final CountMarks marks;

	private final Recounts recounts;

	private final TransactionalOperator tx;

	private final CountCache cache;

	private final BusinessClock clock;

	private final DashboardProperties properties;

	private final AtomicLong ticks = new AtomicLong();

	/**
	 * When (System.nanoTime) this replica last recounted each town-month, within the gap.
	 */
	private final Map<TownMonth, Long> recounted = new ConcurrentHashMap<>();

	CountAggregator(CountMarks marks, Recounts recounts, TransactionalOperator tx, CountCache cache,
			BusinessClock clock, DashboardProperties properties) {
		super("Dashboard aggregation", properties.aggregatorInterval(), properties.aggregatorInterval());
		this.marks = marks;
		this.recounts = recounts;
		this.tx = tx;
		this.cache = cache;
		this.clock = clock;
		this.properties = properties;
	}

	@Override
	protected Mono<Integer> runOnce() {
		Mono<Long> rollover = (this.ticks.getAndIncrement() % ROLLOVER_EVERY_TICKS == 0)
				? this.marks.markMissingTowns(this.clock.currentMonth()).then(this.marks.purgeConsumed()) : null;
		return (rollover != null) ? rollover.then(drainOnce(true, true)) : drainOnce(false, true);
	}

	/**
	 * Recounts one batch of dirty town-months; returns how many dirty marks it consumed.
	 * Each town-month is recounted once however many marks it has. A visitor's monthly
	 * duty is recomputed only where a mark names them (their own month of visits, one
	 * statement per month for the whole batch) or where a mark asks for every visitor of
	 * the town-month: recomputing every visitor for every mark made a busy town-month's
	 * recount grow with its visitors (see docs/performance.md).
	 */
	Mono<Integer> drainOnce() {
		return drainOnce(false, false);
	}

	/**
	 * @param rollover also gives every leading organ its row for the current month
	 * @param paced leaves the marks of the town-months recounted within the gap
	 */
	private Mono<Integer> drainOnce(boolean rollover, boolean paced) {
		// the resting town-months as of each subscription (runs are repeated and retried)
		return this.marks.tryAggregatorLock()
			.flatMap(
					locked -> locked
							? Mono.zip(
									Mono.fromSupplier(() -> paced ? resting() : List.<TownMonth>of())
										.flatMapMany(resting -> this.marks.takeDirty(this.properties.aggregatorBatch(),
												resting))
										.collectList(),
									this.marks.takeDirtyOrgans(this.properties.aggregatorBatch()).collectList())
								.flatMap(taken -> recount(taken.getT1())
									.then(recountOrgans(taken.getT1(), taken.getT2()))
									.then(recountAreas(taken.getT1(), taken.getT2(), rollover))
									.then(forgetHeldRows(rollover, taken.getT1(), taken.getT2()))
									.thenReturn(taken))
							: Mono.empty())
			.as(this.tx::transactional)
			.map(taken -> {
				// committed: these town-months rest for the gap
				long now = System.nanoTime();
				taken.getT1().forEach(mark -> this.recounted.put(mark.townMonth(), now));
				return taken.getT1().size() + taken.getT2().size();
			})
			.defaultIfEmpty(0);
	}

	/**
	 * The dashboards' held rows ({@link CountCache}), forgotten on every replica once the
	 * batch commits. A batch that took nothing changed nothing, unless it is a rollover,
	 * which rewrites the current month's area rows.
	 */
	private Mono<Void> forgetHeldRows(boolean rollover, List<DirtyMark> marks, List<Long> organs) {
		return (rollover || !marks.isEmpty() || !organs.isEmpty()) ? this.cache.everythingChangedAfterCommit()
				: Mono.empty();
	}

	/** The town-months recounted within the gap, forgetting older ones. */
	private Collection<TownMonth> resting() {
		long gap = this.properties.recountGap().toNanos();
		if (gap == 0 || this.recounted.isEmpty()) {
			return List.of();
		}
		long now = System.nanoTime();
		this.recounted.values().removeIf(at -> now - at >= gap);
		return List.copyOf(this.recounted.keySet());
	}

	/**
	 * The area rows (county and city views) of every month this batch changed, in its
	 * transaction: the months of its town-months; every month that has area rows when an
	 * organ's bindings or the towns under it changed; the current month at rollover.
	 */
	private Mono<Void> recountAreas(List<DirtyMark> marks, List<Long> organs, boolean rollover) {
		Set<YearMonth> months = new TreeSet<>();
		for (DirtyMark mark : marks) {
			months.add(mark.townMonth().month());
		}
		if (rollover) {
			months.add(this.clock.currentMonth());
		}
		Mono<Set<YearMonth>> all = organs.isEmpty() ? Mono.just(months)
				: this.recounts.areaMonths().collect(() -> months, Set::add);
		return all.flatMap(set -> this.recounts.recountAreas(set, this.clock.now()));
	}

	private Mono<Void> recount(List<DirtyMark> marks) {
		Set<TownMonth> townMonths = new LinkedHashSet<>();
		Set<TownMonth> everyVisitor = new LinkedHashSet<>();
		for (DirtyMark mark : marks) {
			townMonths.add(mark.townMonth());
			if (mark.everyVisitor()) {
				everyVisitor.add(mark.townMonth());
			}
		}
		Map<YearMonth, Set<Long>> visitors = new TreeMap<>();
		for (DirtyMark mark : marks) {
			if (mark.visitorId() != null && !everyVisitor.contains(mark.townMonth())) {
				visitors.computeIfAbsent(mark.townMonth().month(), month -> new TreeSet<>()).add(mark.visitorId());
			}
		}
		return Flux.fromIterable(townMonths)
			.concatMap(townMonth -> this.recounts.recount(townMonth, this.clock.now()))
			.thenMany(Flux.fromIterable(everyVisitor).concatMap(this.recounts::recountDuty))
			.thenMany(Flux.fromIterable(visitors.entrySet())
				.concatMap(month -> this.recounts.recountDuty(month.getKey(), List.copyOf(month.getValue()))))
			.then();
	}

	/**
	 * The leading organs' compliance rows, after the duties they read: the organs of the
	 * visitors whose duty was recomputed, every organ for a month whose every visitor
	 * was, and every month of an organ whose bindings changed.
	 */
	private Mono<Void> recountOrgans(List<DirtyMark> marks, List<Long> organs) {
		Set<YearMonth> everyOrgan = new TreeSet<>();
		Map<YearMonth, Set<Long>> visitors = new TreeMap<>();
		for (DirtyMark mark : marks) {
			if (mark.everyVisitor()) {
				everyOrgan.add(mark.townMonth().month());
			}
			else if (mark.visitorId() != null) {
				visitors.computeIfAbsent(mark.townMonth().month(), month -> new TreeSet<>()).add(mark.visitorId());
			}
		}
		Instant now = this.clock.now();
		return Flux.fromIterable(everyOrgan)
			.concatMap(month -> this.recounts.recountOrgans(month, now))
			.thenMany(Flux.fromIterable(visitors.entrySet())
				.filter(month -> !everyOrgan.contains(month.getKey()))
				.concatMap(month -> this.recounts.recountOrgans(month.getKey(), List.copyOf(month.getValue()), now)))
			.then(organs.isEmpty() ? Mono.empty()
					: this.recounts.recountOrganMonths(organs.stream().distinct().toList(), now));
	}

	/** Drains until nothing is dirty (admin reconciliation, tests). */
	Mono<Void> drainAll() {
		return drainOnce().repeat()
			.takeUntil(n -> n == 0)
			.then(this.marks.pendingDirty())
			.flatMap(pending -> (pending > 0) ? Mono.delay(Duration.ofMillis(50)).then(drainAll()) : Mono.empty());
	}

}
