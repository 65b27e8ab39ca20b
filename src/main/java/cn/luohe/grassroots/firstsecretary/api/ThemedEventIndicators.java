package cn.luohe.grassroots.firstsecretary.api;

import java.time.YearMonth;
import java.util.Collection;
import java.util.Map;

import cn.luohe.grassroots.org.api.Org;
import reactor.core.publisher.Mono;

/**
 * Figures of the first branch secretaries' themed events per county-level unit, for tasks
 * that are measured rather than reported (the work ledger).
 */
public interface ThemedEventIndicators {

	/**
	 * For each county: the months in {@code from..to} in which at least one themed event
	 * was held in its villages (第一团支书每月主题活动), and how many months that is.
	 */
	Mono<Map<Long, MonthsWithEvents>> monthsWithEvents(Collection<Org> counties, YearMonth from, YearMonth to);

	/** {@code met} months of {@code of}. */
	record MonthsWithEvents(long met, long of) {
	}

}
