package cn.luohe.grassroots.dashboard.api;

import java.time.YearMonth;

import reactor.core.publisher.Mono;

/**
 * Tells the dashboards that a town's month changed. Call it inside the write's own
 * transaction for every town-month a create, amendment, correction or delisting touches
 * (an amendment that moves a record touches the old and the new one); the maintained
 * counts catch up within a second.
 */
public interface CountInvalidation {

	Mono<Void> touch(long townId, YearMonth month);

}
