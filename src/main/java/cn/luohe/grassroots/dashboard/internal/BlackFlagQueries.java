package cn.luohe.grassroots.dashboard.internal;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

import cn.luohe.grassroots.dashboard.api.BlackFlags;
import cn.luohe.grassroots.dashboard.api.Flag;
import cn.luohe.grassroots.org.api.OrgDirectory;
import cn.luohe.grassroots.org.api.OrgLevel;
import reactor.core.publisher.Flux;

import org.springframework.stereotype.Component;

/** The dashboards' own rows, read county by county. */
@Component
class BlackFlagQueries implements BlackFlags {

	private final DashboardService dashboards;

	private final OrgDirectory orgs;

	BlackFlagQueries(DashboardService dashboards, OrgDirectory orgs) {
		this.dashboards = dashboards;
		this.orgs = orgs;
	}

	@Override
	public Flux<BlackFlagged> of(YearMonth month) {
		return this.orgs.findByCode(DashboardService.CITY_CODE)
			.flatMapMany(city -> this.orgs.subtree(city, OrgLevel.COUNTY))
			.concatMap(county -> this.dashboards.countyRow(county, month).flatMapMany(row -> {
				List<BlackFlagged> flagged = new ArrayList<>();
				List<String> own = black(
						List.of("youthHomeActivities", "themedEvents", "visitCoverage", "visitCompliance"),
						row.flags().youthHomeActivities(), row.flags().themedEvents(), row.flags().visitCoverage(),
						row.flags().visitCompliance());
				if (!own.isEmpty()) {
					flagged.add(new BlackFlagged(county.id(), county.name(), false, county.id(), own));
				}
				return Flux.fromIterable(flagged)
					.concatWith(
							this.dashboards.townRows(county, month).flatMapMany(Flux::fromIterable).concatMap(town -> {
								List<String> indicators = black(
										List.of("youthHomeActivities", "themedEvents", "visitCoverage"),
										town.flags().youthHomeActivities(), town.flags().themedEvents(),
										town.flags().visitCoverage());
								return indicators.isEmpty() ? Flux.empty() : Flux
									.just(new BlackFlagged(town.orgId(), town.name(), true, county.id(), indicators));
							}));
			}));
	}

	private static List<String> black(List<String> names, Flag... flags) {
		List<String> black = new ArrayList<>();
		for (int i = 0; i < flags.length; i++) {
			if (flags[i] == Flag.BLACK) {
				black.add(names.get(i));
			}
		}
		return black;
	}

}
