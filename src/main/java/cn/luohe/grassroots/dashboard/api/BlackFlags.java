package cn.luohe.grassroots.dashboard.api;

import java.time.YearMonth;
import java.util.List;

import reactor.core.publisher.Flux;

/** The towns and counties that carry a black flag (挂黑旗) in a month, for reminders. */
public interface BlackFlags {

	/**
	 * Every county-level unit, then every town, with at least one BLACK indicator in
	 * {@code month}, judged as the dashboards judge them.
	 */
	Flux<BlackFlagged> of(YearMonth month);

	/**
	 * @param countyId the county-level unit itself, or the town's
	 * @param indicators the BLACK indicators (e.g. {@code visitCoverage})
	 */
	record BlackFlagged(long orgId, String name, boolean town, long countyId, List<String> indicators) {
	}

}
