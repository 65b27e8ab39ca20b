package cn.luohe.grassroots.visit.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

import cn.luohe.grassroots.common.geo.GeoPoint;
import cn.luohe.grassroots.org.api.Org;
import org.jspecify.annotations.Nullable;

/** A visit as stored, with its visited org. */
record VisitRow(long id, long userId, Org org, long townId, VisitStatus status, @Nullable Instant occurredAt,
		Instant receivedAt, Instant effectiveAt, LocalDate month, Instant dayEnd, boolean inVisitWeek,
		List<VisitFlag> flags, GeoPoint checkIn, @Nullable String note, List<Long> photoIds,
		@Nullable GeoPoint checkOut, @Nullable Instant checkOutOccurredAt, @Nullable Instant checkedOutAt,
		@Nullable Integer peopleMet, List<String> resolved, @Nullable String summary, @Nullable Instant voidedAt,
		@Nullable String voidReason) {

	YearMonth yearMonth() {
		return YearMonth.from(this.month);
	}

	/**
	 * The status as of {@code now}: an open visit past the end of its day is closed
	 * whether or not the sweeper has reached it yet.
	 */
	VisitStatus statusAt(Instant now) {
		return (this.status == VisitStatus.IN_PROGRESS && !now.isBefore(this.dayEnd)) ? VisitStatus.AUTO_CLOSED
				: this.status;
	}

}
