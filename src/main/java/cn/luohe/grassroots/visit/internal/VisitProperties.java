package cn.luohe.grassroots.visit.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The visit rules that are policy rather than code ({@code app.visit.*}). Public only
 * because Boot binds it.
 *
 * @param visitWeekFirstDay first day of the month of visit week (Asia/Shanghai)
 * @param visitWeekLastDay last day of visit week, inclusive
 * @param farFromTargetMetres a check-in further than this from the visited org's known
 * location is flagged FAR_FROM_TARGET
 * @param lowAccuracyMetres a reported accuracy worse than this is flagged LOW_ACCURACY
 * @param maxSpeedKmh travel faster than this from the previous check-in is flagged
 * IMPOSSIBLE_TRAVEL
 * @param maxSyncDelay oldest accepted device time (offline captures synced later)
 * @param lateSyncAfter a record received this long after its device time is flagged
 * LATE_SYNC
 * @param clockSkewTolerance device time ahead of the server by more than this is flagged
 * CLOCK_SKEW
 * @param maxClockSkew device time ahead by more than this is refused
 * @param sweepInterval how often open visits past their day are closed
 */
@ConfigurationProperties("app.visit")
public record VisitProperties(@DefaultValue("1") int visitWeekFirstDay, @DefaultValue("7") int visitWeekLastDay,
		@DefaultValue("3000") double farFromTargetMetres, @DefaultValue("200") double lowAccuracyMetres,
		@DefaultValue("150") double maxSpeedKmh, @DefaultValue("72h") Duration maxSyncDelay,
		@DefaultValue("10m") Duration lateSyncAfter, @DefaultValue("5m") Duration clockSkewTolerance,
		@DefaultValue("1h") Duration maxClockSkew, @DefaultValue("1m") Duration sweepInterval) {

	public VisitProperties {
		if (visitWeekFirstDay < 1 || visitWeekLastDay > 28 || visitWeekFirstDay > visitWeekLastDay) {
			// every month has day 28: a visit week beyond
			// it would silently vanish in February
			throw new IllegalArgumentException(
					"app.visit.visit-week-first-day..visit-week-last-day must lie within days 1 to 28 in order");
		}
		if (farFromTargetMetres <= 0 || lowAccuracyMetres <= 0 || maxSpeedKmh <= 0) {
			throw new IllegalArgumentException("app.visit distances and speeds must be positive");
		}
		if (sweepInterval.isNegative() || sweepInterval.isZero()) {
			throw new IllegalArgumentException("app.visit.sweep-interval must be positive");
		}
	}

	VisitWeek visitWeek() {
		return new VisitWeek(this.visitWeekFirstDay, this.visitWeekLastDay);
	}

	DeviceTimeRule deviceTimeRule() {
		return new DeviceTimeRule(this.maxSyncDelay, this.lateSyncAfter, this.clockSkewTolerance, this.maxClockSkew);
	}

	PlausibilityRule plausibilityRule() {
		return new PlausibilityRule(this.lowAccuracyMetres, this.maxSpeedKmh, this.farFromTargetMetres);
	}

}
