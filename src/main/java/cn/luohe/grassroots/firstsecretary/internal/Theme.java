package cn.luohe.grassroots.firstsecretary.internal;

import java.time.Instant;
import java.time.YearMonth;

import org.jspecify.annotations.Nullable;

/** The theme of the month a county-level unit gives its villages' themed events. */
public record Theme(long id, long countyId, String countyName, YearMonth month, String title,
		@Nullable String description, long createdBy, Instant createdAt, @Nullable Instant voidedAt,
		@Nullable String voidReason) {
}
