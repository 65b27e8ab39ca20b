package cn.luohe.grassroots.firstsecretary.internal;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** A volunteer team of a county-level unit. */
public record VolunteerTeam(long id, long countyId, String name, @Nullable Integer members, long createdBy,
		Instant createdAt, @Nullable Instant voidedAt, @Nullable String voidReason) {
}
