package cn.luohe.grassroots.youthhome.api;

import java.time.Instant;
import java.time.YearMonth;
import java.util.Collection;
import java.util.Map;

import cn.luohe.grassroots.org.api.Org;
import reactor.core.publisher.Mono;

/**
 * Figures of the Youth Home registry per county-level unit, for tasks that are measured
 * rather than reported (the work ledger): each answers every given county, zero where
 * nothing is recorded.
 */
public interface YouthHomeIndicators {

	/**
	 * Towns with at least one home registered by {@code asOf} and not delisted then, of
	 * all the county's towns (每个乡镇至少建一个青年之家).
	 */
	Mono<Map<Long, Share>> townsWithHome(Collection<Org> counties, Instant asOf);

	/**
	 * Home-months in {@code from..to} in which the home held at least
	 * {@link YouthHomeDirectory#MONTHLY_ACTIVITY_TARGET} activities, of the home-months
	 * in which a home was registered and not delisted (每月至少开展两次活动).
	 */
	Mono<Map<Long, Share>> homeMonthsMeetingActivityTarget(Collection<Org> counties, YearMonth from, YearMonth to);

	/** Active homes marked as demonstration sites (示范点). */
	Mono<Map<Long, Long>> demonstrationSites(Collection<Org> counties);

	/** {@code met} of {@code of}. */
	record Share(long met, long of) {

		public static final Share NONE = new Share(0, 0);

	}

}
