package cn.luohe.grassroots.firstsecretary.internal;

import java.time.Instant;
import java.util.List;

import cn.luohe.grassroots.common.geo.GeoPoint;
import org.jspecify.annotations.Nullable;

/** A village's themed event of a month. */
public record ThemedEvent(long id, long themeId, String themeTitle, long villageId, String villageName, long townId,
		String title, Instant heldAt, int participants, @Nullable String summary, @Nullable GeoPoint location,
		@Nullable Long volunteerTeamId, List<Long> photoIds, long loggedBy, Instant createdAt,
		@Nullable Instant voidedAt, @Nullable String voidReason) {
}
