package cn.luohe.grassroots.visit.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import cn.luohe.grassroots.common.geo.GeoPoint;
import org.jspecify.annotations.Nullable;

/**
 * Location plausibility. Every comparison is made in WGS84, whatever system each point
 * was reported in.
 */
record PlausibilityRule(double lowAccuracyMetres, double maxSpeedKmh, double farFromTargetMetres) {

	/**
	 * Two fixes closer in time than this are treated as this far apart: GPS jitter
	 * between two quick check-ins is not travel.
	 */
	static final Duration MIN_TRAVEL_TIME = Duration.ofMinutes(1);

	/**
	 * Flags of a check-in at {@code point} at {@code at}, given the same user's previous
	 * check-in and the visited org's known location (each may be unknown).
	 */
	Set<VisitFlag> checkIn(GeoPoint point, Instant at, @Nullable Fix previous, @Nullable GeoPoint target) {
		Set<VisitFlag> flags = checkOut(point, target);
		if (previous != null) {
			if (point.sameReadingAs(previous.point())) {
				flags.add(VisitFlag.STALE_LOCATION);
			}
			else if (speedKmh(previous, new Fix(point, at)) > this.maxSpeedKmh) {
				flags.add(VisitFlag.IMPOSSIBLE_TRAVEL);
			}
		}
		return flags;
	}

	/** Flags of a check-out (or of any single point). */
	Set<VisitFlag> checkOut(GeoPoint point, @Nullable GeoPoint target) {
		Set<VisitFlag> flags = EnumSet.noneOf(VisitFlag.class);
		if (point.accuracy() != null && point.accuracy() > this.lowAccuracyMetres) {
			flags.add(VisitFlag.LOW_ACCURACY);
		}
		if (target != null && point.metresTo(target) > this.farFromTargetMetres) {
			flags.add(VisitFlag.FAR_FROM_TARGET);
		}
		return flags;
	}

	static double speedKmh(Fix from, Fix to) {
		Duration elapsed = Duration.between(from.at(), to.at()).abs();
		if (elapsed.compareTo(MIN_TRAVEL_TIME) < 0) {
			elapsed = MIN_TRAVEL_TIME;
		}
		double hours = elapsed.toMillis() / 3_600_000.0;
		return from.point().metresTo(to.point()) / 1000.0 / hours;
	}

	/** A point where someone was at a time. */
	record Fix(GeoPoint point, Instant at) {
	}

}
