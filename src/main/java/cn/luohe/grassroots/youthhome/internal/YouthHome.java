package cn.luohe.grassroots.youthhome.internal;

import java.time.Instant;
import java.time.LocalDate;

import cn.luohe.grassroots.common.geo.GeoPoint;
import org.jspecify.annotations.Nullable;

/** A Youth Home (青年之家) of a town. */
public record YouthHome(long id, String name, long townId, String townName, @Nullable String address,
		@Nullable GeoPoint location, YouthHomeStatus status, boolean demonstration, boolean cloudPlatformOnboarded,
		@Nullable LocalDate cloudPlatformOnboardedAt, @Nullable Instant delistedAt, Instant createdAt) {

	public boolean active() {
		return this.status == YouthHomeStatus.ACTIVE;
	}

}
