package cn.luohe.grassroots.ledger.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.firstsecretary.api.ThemedEventIndicators;
import cn.luohe.grassroots.leagueorg.api.Coverage;
import cn.luohe.grassroots.leagueorg.api.CoverageFigures;
import cn.luohe.grassroots.leagueorg.api.CoverageIndicator;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.youthhome.api.YouthHomeIndicators;
import cn.luohe.grassroots.youthhome.api.YouthHomeIndicators.Share;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Computes a measured task's figures for its county-level units from the records other
 * features hold (through their {@code api} packages), as of a day: one query per
 * indicator for all the units at once (Youth Homes and themed events from their features,
 * activity rooms and cloud-platform onboarding from the league-organisation coverage). A
 * task is measured on its records up to its deadline; figures of months count whole
 * months from the ledger's start (the current month while none has ended).
 */
@Component
class Measurements {

	private final YouthHomeIndicators homes;

	private final ThemedEventIndicators themedEvents;

	private final CoverageFigures coverage;

	private final LedgerProperties rules;

	Measurements(YouthHomeIndicators homes, ThemedEventIndicators themedEvents, CoverageFigures coverage,
			LedgerProperties rules) {
		this.homes = homes;
		this.themedEvents = themedEvents;
		this.coverage = coverage;
		this.rules = rules;
	}

	/**
	 * Each county's figures for the task as of {@code asOf} (a day, inclusive); counties
	 * for which no indicator can be judged (a share of nothing, a count without target)
	 * are left out: they report by hand.
	 */
	Mono<Map<Long, List<Measure>>> measure(Task task, LocalDate startsOn, Collection<Org> counties, LocalDate asOf) {
		List<Indicator> measured = task.indicators();
		if (measured.isEmpty() || counties.isEmpty()) {
			return Mono.just(Map.of());
		}
		Instant endOfDay = BusinessClock.startOfDay(asOf.plusDays(1));
		YearMonth first = YearMonth.from(startsOn);
		YearMonth last = asOf.equals(YearMonth.from(asOf).atEndOfMonth()) ? YearMonth.from(asOf)
				: YearMonth.from(asOf).minusMonths(1);
		YearMonth to = last.isBefore(first) ? first : last;
		return Flux.fromIterable(measured).concatMap(indicator -> switch (indicator) {
			case YOUTH_HOME_TOWN_COVERAGE ->
				this.homes.townsWithHome(counties, endOfDay).map(shares -> fromShares(indicator, counties, shares));
			case YOUTH_HOME_MONTHLY_ACTIVITIES -> this.homes.homeMonthsMeetingActivityTarget(counties, first, to)
				.map(shares -> fromShares(indicator, counties, shares));
			case THEMED_EVENTS_MONTHLY -> this.themedEvents.monthsWithEvents(counties, first, to).map(months -> {
				Map<Long, Measure> out = new HashMap<>();
				months.forEach((id, m) -> out.put(id, new Measure(indicator, m.met(), m.of())));
				return out;
			});
			// the league-organisation records' coverage figures, as of the end of asOf's
			// month
			// (none later than asOf exist while asOf is today)
			case CLOUD_PLATFORM_ONBOARDING -> coverageCounts(CoverageIndicator.YOUTH_HOMES_ONBOARDED, startsOn, asOf)
				.map(counts -> fromCounts(indicator, task, counties, counts));
			case YOUTH_HOME_DEMONSTRATION_SITES ->
				this.homes.demonstrationSites(counties).map(counts -> fromCounts(indicator, task, counties, counts));
			case STANDARD_ACTIVITY_ROOMS -> coverageCounts(CoverageIndicator.ACTIVITY_ROOMS, startsOn, asOf)
				.map(counts -> fromCounts(indicator, task, counties, counts));
		}).collectList().map(perIndicator -> {
			Map<Long, List<Measure>> byCounty = new HashMap<>();
			for (Map<Long, Measure> figures : perIndicator) {
				figures.forEach((county, measure) -> {
					if (measure.of() > 0) {
						byCounty.computeIfAbsent(county, id -> new ArrayList<>()).add(measure);
					}
				});
			}
			return byCounty;
		});
	}

	/** A coverage figure per county for the ledger's year up to asOf's month. */
	private Mono<Map<Long, Long>> coverageCounts(CoverageIndicator key, LocalDate startsOn, LocalDate asOf) {
		YearMonth upTo = YearMonth.from(asOf);
		if (upTo.getYear() != startsOn.getYear()) {
			return Mono.just(Map.of());
		}
		return this.coverage.coverage(startsOn.getYear(), upTo).map(figures -> {
			Map<Long, Long> counts = new HashMap<>();
			for (Coverage.Unit county : figures.counties()) {
				if (county.orgId() != null) {
					counts.put(county.orgId(), county.indicator(key).numerator());
				}
			}
			return counts;
		});
	}

	private static Map<Long, Measure> fromShares(Indicator indicator, Collection<Org> counties,
			Map<Long, Share> shares) {
		Map<Long, Measure> out = new HashMap<>();
		for (Org county : counties) {
			Share share = shares.getOrDefault(county.id(), Share.NONE);
			out.put(county.id(), new Measure(indicator, share.met(), share.of()));
		}
		return out;
	}

	private Map<Long, Measure> fromCounts(Indicator indicator, Task task, Collection<Org> counties,
			Map<Long, Long> counts) {
		Map<Long, Measure> out = new HashMap<>();
		for (Org county : counties) {
			Integer target = this.rules.smallUnitCodes().contains(county.code()) && task.smallUnitTarget() != null
					? task.smallUnitTarget() : task.target();
			out.put(county.id(),
					new Measure(indicator, counts.getOrDefault(county.id(), 0L), (target != null) ? target : 0));
		}
		return out;
	}

}
