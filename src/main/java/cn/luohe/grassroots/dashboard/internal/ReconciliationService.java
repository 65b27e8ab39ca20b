package cn.luohe.grassroots.dashboard.internal;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import cn.luohe.grassroots.dashboard.internal.CountReads.TownCounts;
import cn.luohe.grassroots.dashboard.internal.Dashboards.Difference;
import cn.luohe.grassroots.dashboard.internal.Dashboards.Reconciliation;
import cn.luohe.grassroots.identity.api.Access;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.org.api.OrgDirectory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Recounts a month from the raw records and reports every difference from the maintained
 * counts (after the pending dirty marks are applied), then repairs them.
 */
@Service
public class ReconciliationService {

	private final CountReads counts;

	private final Recounts recounts;

	private final CountMarks marks;

	private final CountAggregator aggregator;

	private final OrgDirectory orgs;

	private final Access access;

	ReconciliationService(CountReads counts, Recounts recounts, CountMarks marks, CountAggregator aggregator,
			OrgDirectory orgs, Access access) {
		this.counts = counts;
		this.recounts = recounts;
		this.marks = marks;
		this.aggregator = aggregator;
		this.orgs = orgs;
		this.access = access;
	}

	public Mono<Reconciliation> reconcile(Caller caller, YearMonth month) {
		return this.orgs.findByCode(DashboardService.CITY_CODE)
			.doOnNext(city -> this.access.require(caller, city, Set.of(Role.CITY_ADMIN)))
			.flatMap(city -> this.aggregator.drainAll()
				.then(this.counts.towns(city.path(), month)
					.concatMap(
							town -> this.recounts.recount(town.townId(), month).map(recount -> compare(town, recount)))
					.collectList())
				.flatMap(perTown -> {
					List<Difference> differences = perTown.stream().flatMap(List::stream).toList();
					Mono<Void> repair = differences.isEmpty() ? Mono.empty()
							: Flux.fromIterable(differences)
								.map(Difference::townId)
								.distinct()
								.concatMap(townId -> this.marks.markTown(townId, month))
								.then(this.aggregator.drainAll());
					return repair.thenReturn(
							new Reconciliation(month.toString(), perTown.size(), differences, !differences.isEmpty()));
				}));
	}

	static List<Difference> compare(TownCounts maintained, Counts recount) {
		Counts m = maintained.counts();
		List<Difference> out = new ArrayList<>();
		add(out, maintained, "visits", m.visits(), recount.visits());
		add(out, maintained, "visitsCompleted", m.visitsCompleted(), recount.visitsCompleted());
		add(out, maintained, "visitsCompletedInVisitWeek", m.visitsCompletedInWeek(), recount.visitsCompletedInWeek());
		add(out, maintained, "visitingCadres", m.visitingCadres(), recount.visitingCadres());
		add(out, maintained, "activities", m.activities(), recount.activities());
		add(out, maintained, "activityParticipants", m.activityParticipants(), recount.activityParticipants());
		add(out, maintained, "verifiedParticipants", m.verifiedParticipants(), recount.verifiedParticipants());
		add(out, maintained, "youthHomes", m.youthHomes(), recount.youthHomes());
		add(out, maintained, "youthHomesMeetingTarget", m.youthHomesMeetingTarget(), recount.youthHomesMeetingTarget());
		add(out, maintained, "themedEvents", m.themedEvents(), recount.themedEvents());
		add(out, maintained, "villagesWithFirstSecretary", m.villagesWithFirstSecretary(),
				recount.villagesWithFirstSecretary());
		add(out, maintained, "villagesMeetingTarget", m.villagesMeetingTarget(), recount.villagesMeetingTarget());
		add(out, maintained, "needsOpened", m.needsOpened(), recount.needsOpened());
		add(out, maintained, "needsResolved", m.needsResolved(), recount.needsResolved());
		return out;
	}

	private static void add(List<Difference> out, TownCounts town, String field, long maintained, long recount) {
		if (maintained != recount) {
			out.add(new Difference(town.townId(), town.name(), field, maintained, recount));
		}
	}

}
