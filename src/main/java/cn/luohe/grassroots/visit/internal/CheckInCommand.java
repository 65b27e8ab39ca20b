package cn.luohe.grassroots.visit.internal;

import java.time.Instant;
import java.util.List;

import cn.luohe.grassroots.common.geo.GeoPoint;
import org.jspecify.annotations.Nullable;

/** A validated check-in. */
public record CheckInCommand(long visitedOrgId, GeoPoint location, @Nullable Instant occurredAt, @Nullable String note,
		List<Long> photoIds) {
}
