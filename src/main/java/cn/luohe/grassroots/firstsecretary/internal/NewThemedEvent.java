package cn.luohe.grassroots.firstsecretary.internal;

import java.time.Instant;
import java.util.List;

import cn.luohe.grassroots.common.geo.GeoPoint;
import org.jspecify.annotations.Nullable;

/** A themed event as a first branch secretary logs it. */
public record NewThemedEvent(long themeId, long villageId, String title, Instant heldAt, int participants,
		@Nullable String summary, @Nullable GeoPoint location, @Nullable Long volunteerTeamId, List<Long> photoIds) {
}
