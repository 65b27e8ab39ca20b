package cn.luohe.grassroots.dashboard.api;

import java.time.YearMonth;

import reactor.core.publisher.Mono;

/**
 * Whether a county's month is closed by its monthly submission (records may no longer be
 * added).
 */
public interface MonthClosure {

	Mono<Boolean> isClosed(long countyId, YearMonth month);

}
