package cn.luohe.grassroots.leagueorg.internal;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.dashboard.api.Flag;
import cn.luohe.grassroots.dashboard.api.FlagJudge;
import cn.luohe.grassroots.leagueorg.api.Coverage;
import cn.luohe.grassroots.leagueorg.api.CoverageFigures;
import cn.luohe.grassroots.leagueorg.api.CoverageIndicator;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgDirectory;
import cn.luohe.grassroots.org.api.OrgLevel;
import cn.luohe.grassroots.youthhome.api.CountyHomeFigures;
import cn.luohe.grassroots.youthhome.api.YouthHomeDirectory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * The coverage dashboard: reads only the maintained counts (and the Youth Home figures of
 * the youthhome feature), resolves each unit's targets and flags every figure against its
 * target pro-rated to the months gone.
 */
@Service
public class CoverageService implements CoverageFigures {

	static final String CITY_CODE = "4111";

	private final CoverageCounts counts;

	private final TargetRepository targets;

	private final OrgDirectory orgs;

	private final YouthHomeDirectory homes;

	private final FlagJudge judge;

	private final BusinessClock clock;

	CoverageService(CoverageCounts counts, TargetRepository targets, OrgDirectory orgs, YouthHomeDirectory homes,
			FlagJudge judge, BusinessClock clock) {
		this.counts = counts;
		this.targets = targets;
		this.orgs = orgs;
		this.homes = homes;
		this.judge = judge;
		this.clock = clock;
	}

	/** The month a year's figures are read for: 400 outside 2020..now. */
	YearMonth asOf(int year, @Nullable YearMonth upTo) {
		YearMonth current = this.clock.currentMonth();
		if (year < CoverageCounts.FIRST_YEAR || year > current.getYear()) {
			throw ApiException.invalidField("year",
					"must be a year from " + CoverageCounts.FIRST_YEAR + " to " + current.getYear());
		}
		if (upTo != null) {
			if (upTo.getYear() != year || upTo.isAfter(current)) {
				throw ApiException.invalidField("month", "must be a month of the year asked, not after this one");
			}
			return upTo;
		}
		return (year < current.getYear()) ? YearMonth.of(year, 12) : current;
	}

	@Override
	public Mono<Coverage> coverage(int year, @Nullable YearMonth upTo) {
		YearMonth asOf;
		try {
			asOf = asOf(year, upTo);
		}
		catch (ApiException ex) {
			return Mono.error(ex);
		}
		LocalDate through = asOf.atEndOfMonth();
		return this.orgs.findByCode(CITY_CODE)
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("No city " + CITY_CODE)))
			.flatMap(city -> this.orgs.subtree(city, OrgLevel.COUNTY).collectList().flatMap(counties -> {
				List<Long> ids = new ArrayList<>(counties.stream().map(Org::id).toList());
				ids.add(city.id());
				Mono<Map<Long, CountRow>> rows = this.counts.asOf(ids, asOf.atDay(1)).collectMap(CountRow::countyId);
				Mono<Map<Long, CountyHomeFigures>> homeFigures = this.homes
					.countyFigures(LocalDate.of(year, 1, 1), through)
					.collectMap(CountyHomeFigures::countyId);
				// a county with nothing recorded has no row, but has its towns
				Mono<Map<Long, Long>> towns = Flux.fromIterable(counties)
					.flatMap(county -> this.orgs.subtree(county, OrgLevel.TOWN)
						.count()
						.map(count -> Map.entry(county.id(), count)))
					.collectMap(Map.Entry::getKey, Map.Entry::getValue);
				return Mono.zip(rows, homeFigures, this.targets.upTo(year), towns)
					.map(found -> build(year, asOf, city, counties, found.getT1(), found.getT2(), found.getT3(),
							found.getT4()));
			}));
	}

	private Coverage build(int year, YearMonth asOf, Org city, List<Org> counties, Map<Long, CountRow> rows,
			Map<Long, CountyHomeFigures> homes, Targets targets, Map<Long, Long> towns) {
		double elapsed = asOf.getMonthValue() / 12.0;
		LocalDate month = asOf.atDay(1);
		List<Coverage.Unit> units = new ArrayList<>();
		List<Figures> all = new ArrayList<>();
		for (Org county : counties) {
			Figures figures = new Figures(
					rows.getOrDefault(county.id(),
							CountRow.empty(county.id(), month, towns.getOrDefault(county.id(), 0L))),
					homes.get(county.id()));
			all.add(figures);
			units.add(unit(county.id(), figures, county.code(), 1, targets, elapsed));
		}
		Figures own = new Figures(rows.getOrDefault(city.id(), CountRow.empty(city.id(), month, 0)),
				homes.get(city.id()));
		Figures total = Figures.sum(own, all);
		Coverage.Unit cityUnit = cityUnit(total, counties, targets, elapsed);
		return new Coverage(year, asOf, elapsed, units, cityUnit);
	}

	private Coverage.Unit unit(@Nullable Long orgId, Figures f, String code, int counties, Targets targets,
			double elapsed) {
		Map<CoverageIndicator, Double> target = new HashMap<>();
		for (CoverageIndicator indicator : CoverageIndicator.values()) {
			target.put(indicator, targets.of(code, indicator.key()));
		}
		double baseline = targets.of(code, Targets.SOCIAL_BASELINE);
		long newTarget = Math.round(targets.of(code, Targets.NEW_SOCIAL_ORGS));
		return assemble(orgId, f, counties, target, baseline, newTarget, elapsed);
	}

	private Coverage.Unit cityUnit(Figures total, List<Org> counties, Targets targets, double elapsed) {
		Map<CoverageIndicator, Double> target = new HashMap<>();
		for (CoverageIndicator indicator : CoverageIndicator.values()) {
			Double own = targets.own(CITY_CODE, indicator.key());
			if (own != null) {
				target.put(indicator, own);
			}
			else if (indicator.measure() == CoverageIndicator.Measure.COUNT) {
				target.put(indicator, counties.stream().mapToDouble(c -> targets.of(c.code(), indicator.key())).sum());
			}
			else {
				target.put(indicator, targets.of(Targets.DEFAULT, indicator.key()));
			}
		}
		double baseline = counties.stream().mapToDouble(c -> targets.of(c.code(), Targets.SOCIAL_BASELINE)).sum()
				+ nullToZero(targets.own(CITY_CODE, Targets.SOCIAL_BASELINE));
		Double ownNew = targets.own(CITY_CODE, Targets.NEW_SOCIAL_ORGS);
		long newTarget = (ownNew != null) ? Math.round(ownNew)
				: Math.round(counties.stream().mapToDouble(c -> targets.of(c.code(), Targets.NEW_SOCIAL_ORGS)).sum());
		return assemble(null, total, counties.size(), target, baseline, newTarget, elapsed);
	}

	private Coverage.Unit assemble(@Nullable Long orgId, Figures f, int counties, Map<CoverageIndicator, Double> target,
			double baseline, long newTarget, double elapsed) {
		List<Coverage.Indicator> indicators = new ArrayList<>();
		for (CoverageIndicator key : CoverageIndicator.values()) {
			double t = target.getOrDefault(key, 0.0);
			indicators.add(switch (key) {
				case SCHOOL_COVERAGE -> rate(key, f.get("school_covered"), f.get("school_units"), t, elapsed);
				case PARTY_ORGANIZED_PRIVATE_ENTERPRISES ->
					rate(key, f.get("party_private_covered"), f.get("party_private_units"), t, elapsed);
				case INDUSTRIAL_PARKS -> rate(key, f.get("parks_covered"), f.get("parks"), t, elapsed);
				case ABOVE_SIZE_ENTERPRISES ->
					rate(key, f.get("above_size_covered"), f.get("above_size_units"), t, elapsed);
				case STATE_ENTERPRISES -> rate(key, f.get("state_covered"), f.get("state_units"), t, elapsed);
				case LEAGUE_SOCIAL_ORGANIZATIONS ->
					rate(key, f.get("league_social_covered"), f.get("league_social_units"), t, elapsed);
				case LEAGUE_SOCIAL_ORGANIZATION_COUNT -> count(key, f.get("league_social_covered"), t, elapsed);
				case TOP_PRIVATE_ENTERPRISES -> rate(key, f.get("top_covered"), f.get("top_units"), t, elapsed);
				case FEDERATION_ENTERPRISES ->
					rate(key, f.get("federation_covered"), f.get("federation_units"), t, elapsed);
				case RIDE_HAILING -> rate(key, f.get("ride_covered"), f.get("ride_units"), t, elapsed);
				case EXPRESS_DELIVERY -> rate(key, f.get("express_covered"), f.get("express_units"), t, elapsed);
				case TOWNS_WITH_VOLUNTEER_TEAM -> rate(key, f.get("towns_with_team"), f.get("towns"), t, elapsed);
				case COUNTY_TWO_TEAMS -> rate(key, f.get("two_teams"), counties, t, elapsed);
				case YOUTH_HOMES_ONBOARDED -> count(key, f.homes(CountyHomeFigures::onboarded), t, elapsed);
				case ORGANIZATIONS_PER_HOME -> rate(key, f.homes(CountyHomeFigures::youthOrganizations),
						f.homes(CountyHomeFigures::activeHomes), t, elapsed);
				case ACTIVITY_ROOMS -> count(key, f.get("county_rooms"), t, elapsed);
				case SCHOOL_ACTIVITY_ROOMS ->
					rate(key, f.get("room_schools_with_room"), f.get("room_schools"), t, elapsed);
				case LEAGUE_SCHOOLS -> rate(key, f.get("league_schools"), f.get("middle_schools"), t, elapsed);
				case EDUCATION_COMMITTEE -> rate(key, f.get("education_committee"), counties, t, elapsed);
				case SOCIAL_GROWTH -> rate(key, f.get("social_founded") - f.get("social_dissolved"),
						Math.round(baseline) + f.get("social_at_year_start"), t, elapsed);
			});
		}
		long founded = f.get("social_founded");
		Flag flag = this.judge.judge(founded, newTarget * elapsed);
		return new Coverage.Unit(orgId, founded, newTarget, flag, indicators);
	}

	private Coverage.Indicator rate(CoverageIndicator key, long numerator, long denominator, double target,
			double elapsed) {
		if (denominator <= 0) {
			return new Coverage.Indicator(key, numerator, denominator, null, target, Flag.NONE);
		}
		double rate = (double) numerator / denominator;
		return new Coverage.Indicator(key, numerator, denominator, rate, target,
				this.judge.judge(rate, target * elapsed));
	}

	private Coverage.Indicator count(CoverageIndicator key, long numerator, double target, double elapsed) {
		return new Coverage.Indicator(key, numerator, null, null, target,
				this.judge.judge(numerator, target * elapsed));
	}

	private static double nullToZero(@Nullable Double value) {
		return (value != null) ? value : 0;
	}

	/** One unit's maintained row and Youth Home figures (or sums of several). */
	private record Figures(CountRow row, @Nullable CountyHomeFigures homes) {

		long get(String column) {
			return this.row.get(column);
		}

		long homes(ToLongFunction<CountyHomeFigures> figure) {
			return (this.homes != null) ? figure.applyAsLong(this.homes) : 0;
		}

		static Figures sum(Figures own, List<Figures> others) {
			Map<String, Long> totals = new java.util.LinkedHashMap<>(own.row.figures());
			long active = own.homes(CountyHomeFigures::activeHomes);
			long organizations = own.homes(CountyHomeFigures::youthOrganizations);
			long onboarded = own.homes(CountyHomeFigures::onboarded);
			for (Figures other : others) {
				other.row.figures().forEach((column, value) -> totals.merge(column, value, Long::sum));
				active += other.homes(CountyHomeFigures::activeHomes);
				organizations += other.homes(CountyHomeFigures::youthOrganizations);
				onboarded += other.homes(CountyHomeFigures::onboarded);
			}
			return new Figures(new CountRow(own.row.countyId(), own.row.month(), totals),
					new CountyHomeFigures(own.row.countyId(), active, organizations, onboarded));
		}

	}

}
