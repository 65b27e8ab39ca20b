package cn.luohe.grassroots.visit.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import cn.luohe.grassroots.common.error.ApiException;
import org.jspecify.annotations.Nullable;

/**
 * Device time against receive time. An offline capture synced late is accepted (up to
 * {@code maxSyncDelay}) and flagged; a device clock somewhat ahead is flagged, far ahead
 * refused. The effective time (what every date rule judges) is the device time, but never
 * later than the receive time: a record never lies in the future.
 */
record DeviceTimeRule(Duration maxSyncDelay, Duration lateSyncAfter, Duration clockSkewTolerance,
		Duration maxClockSkew) {

	Judgement judge(@Nullable Instant deviceTime, Instant receivedAt) {
		if (deviceTime == null) {
			return new Judgement(receivedAt, EnumSet.noneOf(VisitFlag.class));
		}
		if (deviceTime.isBefore(receivedAt.minus(this.maxSyncDelay))) {
			throw ApiException.unprocessable("OCCURRED_AT_TOO_OLD",
					"occurredAt may lie at most " + this.maxSyncDelay.toHours() + " h in the past");
		}
		if (deviceTime.isAfter(receivedAt.plus(this.maxClockSkew))) {
			throw ApiException.unprocessable("OCCURRED_AT_IN_FUTURE",
					"occurredAt lies too far in the future; check the device's clock");
		}
		Set<VisitFlag> flags = EnumSet.noneOf(VisitFlag.class);
		if (deviceTime.isAfter(receivedAt.plus(this.clockSkewTolerance))) {
			flags.add(VisitFlag.CLOCK_SKEW);
		}
		if (deviceTime.isBefore(receivedAt.minus(this.lateSyncAfter))) {
			flags.add(VisitFlag.LATE_SYNC);
		}
		Instant effective = deviceTime.isAfter(receivedAt) ? receivedAt : deviceTime;
		return new Judgement(effective, flags);
	}

	/** When the record counts as having happened, and what was odd about its time. */
	record Judgement(Instant effectiveAt, Set<VisitFlag> flags) {
	}

}
