package cn.luohe.grassroots.dashboard.api;

import java.time.YearMonth;

import cn.luohe.grassroots.common.db.SqlStep;
import reactor.core.publisher.Mono;

/**
 * Tells the dashboards that a town's month changed. Call it inside the write's own
 * transaction for every town-month a create, amendment, correction or delisting touches
 * (an amendment that moves a record touches the old and the new one); the maintained
 * counts catch up within a second. A mark asks for the town's figures; a visitor's
 * monthly duty is recomputed only for the visitor a {@link #touchVisit} names.
 */
public interface CountInvalidation {

	Mono<Void> touch(long townId, YearMonth month);

	/**
	 * A visit of {@code visitorId} in the town's month changed (check-in, check-out): the
	 * town's figures and that visitor's monthly duty. Writes that touch no visit use
	 * {@link #touch}, which leaves every visitor's duty as it is.
	 */
	Mono<Void> touchVisit(long townId, YearMonth month, long visitorId);

	/**
	 * {@link #touch} as a step {@code name} of the write's own data-modifying
	 * {@code WITH} statement.
	 */
	SqlStep touchStep(String name, long townId, YearMonth month);

	/**
	 * {@link #touchVisit} as a step {@code name} of the write's own data-modifying
	 * {@code WITH} statement.
	 */
	SqlStep touchVisitStep(String name, long townId, YearMonth month, long visitorId);

}
