package cn.luohe.grassroots.youthhome.internal;

import java.time.Instant;
import java.util.List;

import cn.luohe.grassroots.common.geo.GeoPoint;
import org.jspecify.annotations.Nullable;

/**
 * A logged activity with its declared headcount and the headcount verified by sign-ins;
 * {@code voidedAt} and {@code voidReason} when voided (only administrators see it then).
 */
public record Activity(long id, long youthHomeId, String youthHomeName, long townId, String title,
		ActivityCategory category, Instant startAt, Instant endAt, int declaredParticipants, long verifiedParticipants,
		@Nullable String description, @Nullable GeoPoint location, List<Long> photoIds, long loggedBy,
		Instant createdAt, @Nullable Instant voidedAt, @Nullable String voidReason) {
}
