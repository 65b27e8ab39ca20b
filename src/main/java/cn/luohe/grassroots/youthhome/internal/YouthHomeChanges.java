package cn.luohe.grassroots.youthhome.internal;

import java.time.LocalDate;

import cn.luohe.grassroots.common.geo.GeoPoint;
import org.jspecify.annotations.Nullable;

/** An edit of a Youth Home: null leaves a field as it is. */
public record YouthHomeChanges(@Nullable String name, @Nullable String address, @Nullable GeoPoint location,
		@Nullable YouthHomeStatus status, @Nullable Boolean demonstration, @Nullable Boolean cloudPlatformOnboarded,
		@Nullable LocalDate cloudPlatformOnboardedAt) {
}
