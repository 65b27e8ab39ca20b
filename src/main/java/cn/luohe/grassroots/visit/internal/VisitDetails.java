package cn.luohe.grassroots.visit.internal;

import java.time.Instant;
import java.util.List;

import cn.luohe.grassroots.common.geo.GeoPoint;
import org.jspecify.annotations.Nullable;

/**
 * A visit as its readers see it (also the stored answer of an idempotent write).
 * {@code status} is as of the answer: an open visit past its day reads AUTO_CLOSED.
 * {@code voidedAt}, {@code voidReason}: when voided (only administrators see it then).
 */
public record VisitDetails(long id, VisitStatus status, boolean inVisitWeek, List<VisitFlag> flags, Person visitor,
		long visitedOrgId, String visitedOrgName, long townId, String month, @Nullable Instant occurredAt,
		Instant receivedAt, Instant closesAt, GeoPoint checkIn, @Nullable String note, List<Long> photoIds,
		@Nullable CheckOut checkOut, List<NeedBrief> needs, @Nullable Instant voidedAt, @Nullable String voidReason) {

	/** How the visit ended, when it was checked out. */
	public record CheckOut(Instant receivedAt, @Nullable Instant occurredAt, GeoPoint location, int peopleMet,
			List<String> resolved, @Nullable String summary) {
	}

	/** A need heard on the visit, with where it stands. */
	public record NeedBrief(long id, String text, NeedStatus status) {
	}

}
