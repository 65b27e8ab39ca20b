package cn.luohe.grassroots.mymonth.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.firstsecretary.api.ThemedEventDuties;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.ledger.api.LedgerDuties;
import cn.luohe.grassroots.mymonth.api.UnreadCount;
import cn.luohe.grassroots.visit.api.VisitDuties;
import cn.luohe.grassroots.youthhome.api.YouthHomeDirectory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Composes the caller's month from the features' own answers, concurrently: a handful of
 * statements (two for visits, one for homes, two per village, one for the ledger, one for
 * reminders), each section asked only when a role of the caller calls for it.
 */
@Service
public class MyMonthService {

	private final VisitDuties visits;

	private final YouthHomeDirectory homes;

	private final ThemedEventDuties themedEvents;

	private final LedgerDuties ledger;

	private final ObjectProvider<UnreadCount> unread;

	private final BusinessClock clock;

	MyMonthService(VisitDuties visits, YouthHomeDirectory homes, ThemedEventDuties themedEvents, LedgerDuties ledger,
			ObjectProvider<UnreadCount> unread, BusinessClock clock) {
		this.visits = visits;
		this.homes = homes;
		this.themedEvents = themedEvents;
		this.ledger = ledger;
		this.unread = unread;
		this.clock = clock;
	}

	public Mono<MyMonth> of(Caller caller) {
		Instant now = this.clock.now();
		LocalDate today = BusinessClock.dateOf(now);
		YearMonth month = YearMonth.from(today);
		Mono<Optional<MyMonth.Visits>> visits = optional(caller.hasAnyRole(Role.VISITORS), () -> {
			VisitDuties.Week week = this.visits.visitWeek(month);
			return this.visits.month(caller.userId(), month, now)
				.map(mine -> new MyMonth.Visits(week, week.contains(today), mine));
		});
		List<Long> homeIds = caller.managedYouthHomeIds();
		var homes = optional(caller.hasRole(Role.YOUTH_HOME_MANAGER),
				() -> this.homes.activitiesIn(homeIds, month).filter(home -> home.home().active()).collectList());
		var villages = optional(caller.hasRole(Role.FIRST_SECRETARY), () -> this.themedEvents.villages(caller, month));
		var assignments = optional(caller.hasAnyRole(List.of(Role.COUNTY_SECRETARY, Role.CADRE)),
				() -> this.ledger.openAssignments(caller, month.getYear()));
		UnreadCount inbox = this.unread.getIfAvailable();
		Mono<Optional<Long>> reminders = (inbox != null)
				? inbox.unread(caller.userId()).map(Optional::of).defaultIfEmpty(Optional.of(0L))
				: Mono.just(Optional.empty());
		return Mono.zip(visits, homes, villages, assignments, reminders)
			.map(all -> new MyMonth(month, today, now, all.getT1().orElse(null), all.getT2().orElse(null),
					all.getT3().orElse(null), all.getT4().orElse(null), all.getT5().orElse(null)));
	}

	private static <T> Mono<Optional<T>> optional(boolean asked, java.util.function.Supplier<Mono<T>> section) {
		return asked ? Mono.defer(section).map(Optional::of) : Mono.just(Optional.empty());
	}

}
