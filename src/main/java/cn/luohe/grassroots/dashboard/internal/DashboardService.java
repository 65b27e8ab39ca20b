package cn.luohe.grassroots.dashboard.internal;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.dashboard.api.Flag;
import cn.luohe.grassroots.dashboard.internal.CountReads.CadreCompliance;
import cn.luohe.grassroots.dashboard.internal.CountReads.TownCounts;
import cn.luohe.grassroots.dashboard.internal.Dashboards.CityDashboard;
import cn.luohe.grassroots.dashboard.internal.CountReads.AreaCounts;
import cn.luohe.grassroots.dashboard.internal.Dashboards.CountyDashboard;
import cn.luohe.grassroots.dashboard.internal.Dashboards.CountyFlags;
import cn.luohe.grassroots.dashboard.internal.Dashboards.CountyRow;
import cn.luohe.grassroots.dashboard.internal.Dashboards.TownDashboard;
import cn.luohe.grassroots.dashboard.internal.Dashboards.TownFlags;
import cn.luohe.grassroots.dashboard.internal.Dashboards.TownRow;
import cn.luohe.grassroots.identity.api.Access;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgDirectory;
import cn.luohe.grassroots.org.api.OrgLevel;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/** Town, county and city dashboards from the maintained counts only. */
@Service
public class DashboardService {

	static final String CITY_CODE = "4111";

	/** How many counties' figures a city-wide view reads at once. */
	private static final int COUNTY_READS = 4;

	private final CountReads counts;

	private final CountCache cache;

	private final OrgDirectory orgs;

	private final Access access;

	private final BusinessClock clock;

	private final DashboardProperties properties;

	private final FlagRules rules;

	DashboardService(CountReads counts, CountCache cache, OrgDirectory orgs, Access access, BusinessClock clock,
			DashboardProperties properties) {
		this.counts = counts;
		this.cache = cache;
		this.orgs = orgs;
		this.access = access;
		this.clock = clock;
		this.properties = properties;
		this.rules = FlagRules.of(properties);
	}

	/**
	 * Checked as {@code Access.requireOrg} checks (role, then existence, then scope),
	 * then the level; the county and its towns are read in one statement (or held by the
	 * {@link CountCache}), and nothing of it is answered before the checks pass.
	 */
	public Mono<TownDashboard> towns(Caller caller, long countyId, YearMonth month) {
		if (!caller.hasAnyRole(Role.OVERSEERS)) {
			return Mono.error(ApiException.forbiddenRole());
		}
		return this.cache.countyTowns(countyId, month, () -> this.counts.countyTowns(countyId, month))
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Org " + countyId)))
			.doOnNext(found -> this.access.require(caller, found.county(), Role.OVERSEERS))
			.flatMap(found -> requireLevel(found.county(), OrgLevel.COUNTY).thenReturn(found.towns()))
			.map(rows -> new TownDashboard(month.toString(), isFinal(month),
					rank(rows.stream().map(this::townRow).toList())));
	}

	public Mono<CountyDashboard> counties(Caller caller, YearMonth month) {
		if (!caller.hasAnyRole(Role.OVERSEERS)) {
			return Mono.error(ApiException.forbiddenRole());
		}
		return this.orgs.findByCode(CITY_CODE)
			.flatMapMany(city -> this.orgs.subtree(city, OrgLevel.COUNTY))
			.filter(county -> !caller.bindingsCovering(county, Role.OVERSEERS).isEmpty())
			.collectList()
			.flatMap(counties -> counties.isEmpty() ? Mono.just(List.<CountyRow>of())
					: areas(month, month).flatMap(areas -> Flux.fromIterable(counties)
						// a county-month without its row (no write touched it) from its
						// town
						// and organ rows, the counties' reads at once, in code order
						.flatMapSequential(county -> {
							AreaCounts area = areas.get(county.id() + "/" + month);
							return (area != null) ? Mono.just(countyRow(county, area)) : countyRow(county, month);
						}, COUNTY_READS)
						.collectList()))
			.map(rows -> new CountyDashboard(month.toString(), isFinal(month), rankCounties(rows)));
	}

	public Mono<CityDashboard> city(Caller caller, YearMonth month) {
		Set<Role> cityRoles = Set.of(Role.CITY_ADMIN, Role.CITY_LEADER);
		return this.orgs.findByCode(CITY_CODE)
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("City")))
			.doOnNext(city -> this.access.require(caller, city, cityRoles))
			.flatMap(city -> areas(month, month.minusMonths(1)).flatMap(areas -> {
				// the city's rows, or for a month without one its town and organ rows
				AreaCounts now = areas.get(city.id() + "/" + month);
				AreaCounts before = areas.get(city.id() + "/" + month.minusMonths(1));
				return Mono.zip((now != null) ? Mono.just(now.counts()) : sum(city, month),
						(before != null) ? Mono.just(before.counts()) : sum(city, month.minusMonths(1)),
						(now != null) ? Mono.just(now.cadres()) : cadres(city, month));
			}))
			.map(t -> {
				Counts now = t.getT1();
				Counts previous = t.getT2();
				Double activitiesGrowth = FlagRules.growth(now.activities(), previous.activities());
				Double participantsGrowth = FlagRules.growth(now.activityParticipants(),
						previous.activityParticipants());
				return new CityDashboard(month.toString(), isFinal(month), now.visits(), now.visitsCompleted(),
						now.visitingCadres(), now.activities(), now.activityParticipants(), now.verifiedParticipants(),
						now.youthHomes(), now.youthHomesMeetingTarget(), now.themedEvents(),
						now.villagesWithFirstSecretary(), now.villagesMeetingTarget(), now.needsOpened(),
						now.needsResolved(), t.getT3().cadres(), t.getT3().completed(), previous.activities(),
						previous.activityParticipants(), activitiesGrowth, participantsGrowth,
						this.properties.activityGrowthTarget(), this.properties.participantGrowthTarget(),
						FlagRules.meets(activitiesGrowth, this.properties.activityGrowthTarget()),
						FlagRules.meets(participantsGrowth, this.properties.participantGrowthTarget()));
			});
	}

	/**
	 * The area rows of two months, by org id and month ({@code "12/2026-12"}), held by
	 * the {@link CountCache}.
	 */
	private Mono<Map<String, AreaCounts>> areas(YearMonth month, YearMonth other) {
		return this.cache.areas(month, other,
				() -> this.counts.areas(month, other).collectMap(area -> area.orgId() + "/" + area.month()));
	}

	/** A county's town rows and its own row, as frozen by a submission. */
	Mono<CountyRow> countyRow(Org county, YearMonth month) {
		// sequential: a submission calls this inside its transaction, on one connection
		return this.counts.towns(county.path(), month)
			.collectList()
			.flatMap(list -> this.counts.cadreCompliance(county.id(), month)
				.map(compliance -> reactor.util.function.Tuples.of(list, compliance)))
			.map(pair -> {
				List<TownCounts> towns = pair.getT1();
				Counts total = Counts.sum(towns.stream().map(TownCounts::counts).toList());
				long covered = towns.stream().filter(t -> t.counts().visitsCompletedInWeek() > 0).count();
				return countyRow(county,
						new AreaCounts(county.id(), month, towns.size(), covered, total, pair.getT2()));
			});
	}

	/** A county's row from its area row. */
	private CountyRow countyRow(Org county, AreaCounts area) {
		Counts total = area.counts();
		long covered = area.townsCovered();
		long towns = area.towns();
		long cadres = area.cadres().cadres();
		long completed = area.cadres().completed();
		CountyFlags flags = new CountyFlags(this.rules.ratio(total.youthHomesMeetingTarget(), total.youthHomes()),
				this.rules.ratio(total.villagesMeetingTarget(), total.villagesWithFirstSecretary()),
				this.rules.ratio(covered, towns), this.rules.ratio(completed, cadres));
		double score = FlagRules.score(FlagRules.ratioOrNaN(total.youthHomesMeetingTarget(), total.youthHomes()),
				FlagRules.ratioOrNaN(total.villagesMeetingTarget(), total.villagesWithFirstSecretary()),
				FlagRules.ratioOrNaN(covered, towns), FlagRules.ratioOrNaN(completed, cadres));
		return new CountyRow(county.id(), county.name(), towns, covered, total.visits(), total.visitsCompleted(),
				total.visitingCadres(), total.activities(), total.activityParticipants(), total.verifiedParticipants(),
				total.youthHomes(), total.youthHomesMeetingTarget(), total.themedEvents(),
				total.villagesWithFirstSecretary(), total.villagesMeetingTarget(), total.needsOpened(),
				total.needsResolved(), cadres, completed, flags, score, 0);
	}

	Mono<List<TownRow>> townRows(Org scope, YearMonth month) {
		return this.counts.towns(scope.path(), month)
			.collectList()
			.map(rows -> rank(rows.stream().map(this::townRow).toList()));
	}

	boolean isFinal(YearMonth month) {
		return month.isBefore(this.clock.currentMonth());
	}

	private Mono<Counts> sum(Org scope, YearMonth month) {
		return this.counts.towns(scope.path(), month).map(TownCounts::counts).collectList().map(Counts::sum);
	}

	/** Cadres of every leading organ in the city (city and county-level units). */
	private Mono<CadreCompliance> cadres(Org city, YearMonth month) {
		return Flux.concat(Flux.just(city), this.orgs.subtree(city, OrgLevel.COUNTY))
			.flatMap(org -> this.counts.cadreCompliance(org.id(), month), COUNTY_READS)
			.reduce(CadreCompliance.NONE, CadreCompliance::plus);
	}

	private TownRow townRow(TownCounts town) {
		Counts c = town.counts();
		Flag coverage = FlagRules.visitCoverage(c.visitsCompletedInWeek(), c.visits());
		TownFlags flags = new TownFlags(this.rules.ratio(c.youthHomesMeetingTarget(), c.youthHomes()),
				this.rules.ratio(c.villagesMeetingTarget(), c.villagesWithFirstSecretary()), coverage);
		double coverageRatio = switch (coverage) {
			case RED -> 1.0;
			case YELLOW -> 0.5;
			default -> 0.0;
		};
		double score = FlagRules.score(FlagRules.ratioOrNaN(c.youthHomesMeetingTarget(), c.youthHomes()),
				FlagRules.ratioOrNaN(c.villagesMeetingTarget(), c.villagesWithFirstSecretary()), coverageRatio);
		return new TownRow(town.townId(), town.name(), c.visits(), c.visitsCompleted(), c.visitingCadres(),
				c.activities(), c.activityParticipants(), c.verifiedParticipants(), c.youthHomes(),
				c.youthHomesMeetingTarget(), c.themedEvents(), c.villagesWithFirstSecretary(),
				c.villagesMeetingTarget(), c.needsOpened(), c.needsResolved(), flags, score, 0);
	}

	/**
	 * Orders by score (ties by name) and numbers the ranks; equal scores share a rank.
	 */
	private static List<TownRow> rank(List<TownRow> rows) {
		List<TownRow> sorted = rows.stream()
			.sorted(Comparator.comparingDouble(TownRow::score).reversed().thenComparing(TownRow::name))
			.toList();
		Map<Double, Integer> ranks = ranks(sorted, TownRow::score);
		List<TownRow> ranked = new ArrayList<>();
		for (TownRow r : sorted) {
			ranked.add(new TownRow(r.orgId(), r.name(), r.visits(), r.visitsCompleted(), r.visitingCadres(),
					r.activities(), r.activityParticipants(), r.verifiedParticipants(), r.youthHomes(),
					r.youthHomesMeetingTarget(), r.themedEvents(), r.villagesWithFirstSecretary(),
					r.villagesMeetingTarget(), r.needsOpened(), r.needsResolved(), r.flags(), r.score(),
					rankOf(ranks, r.score())));
		}
		return ranked;
	}

	private static List<CountyRow> rankCounties(List<CountyRow> rows) {
		List<CountyRow> sorted = rows.stream()
			.sorted(Comparator.comparingDouble(CountyRow::score).reversed().thenComparing(CountyRow::name))
			.toList();
		Map<Double, Integer> ranks = ranks(sorted, CountyRow::score);
		return sorted.stream()
			.map(r -> new CountyRow(r.orgId(), r.name(), r.towns(), r.townsVisitedInVisitWeek(), r.visits(),
					r.visitsCompleted(), r.visitingCadres(), r.activities(), r.activityParticipants(),
					r.verifiedParticipants(), r.youthHomes(), r.youthHomesMeetingTarget(), r.themedEvents(),
					r.villagesWithFirstSecretary(), r.villagesMeetingTarget(), r.needsOpened(), r.needsResolved(),
					r.cadres(), r.cadresCompleted(), r.flags(), r.score(), rankOf(ranks, r.score())))
			.toList();
	}

	private static <T> Map<Double, Integer> ranks(List<T> sorted, Function<T, Double> score) {
		Map<Double, Integer> ranks = new java.util.HashMap<>();
		for (int i = 0; i < sorted.size(); i++) {
			ranks.putIfAbsent(score.apply(sorted.get(i)), i + 1);
		}
		return ranks;
	}

	/** Every score of the list was ranked by {@link #ranks}. */
	private static int rankOf(Map<Double, Integer> ranks, double score) {
		return Objects.requireNonNull(ranks.get(score), "rank of a listed score");
	}

	private static Mono<Org> requireLevel(Org org, OrgLevel level) {
		if (org.level() != level) {
			return Mono.error(ApiException.invalidField("countyId", "must be a county-level unit"));
		}
		return Mono.just(org);
	}

}
