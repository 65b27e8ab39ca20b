package cn.luohe.grassroots.youthhome.internal;

import java.time.Instant;
import java.util.List;

import cn.luohe.grassroots.common.geo.GeoPoint;
import org.jspecify.annotations.Nullable;

/** An activity as its home's manager logs it. */
public record NewActivity(String title, ActivityCategory category, Instant startAt, Instant endAt, int participants,
		@Nullable String description, @Nullable GeoPoint location, List<Long> photoIds) {
}
