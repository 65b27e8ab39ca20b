package cn.luohe.grassroots.org.api;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An org as a place: its town and county names (for telling two 五一村 apart) and its
 * confirmed coordinates (WGS84), if any.
 */
public record OrgPlace(Org org, @Nullable String townName, @Nullable String countyName, @Nullable Double lat,
		@Nullable Double lng, @Nullable Instant confirmedAt) {

	public boolean located() {
		return this.lat != null && this.lng != null;
	}

}
