package cn.luohe.grassroots.common.web;

import cn.luohe.grassroots.common.geo.CoordSystem;
import cn.luohe.grassroots.common.geo.GeoPoint;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import org.jspecify.annotations.Nullable;

/**
 * A location in a request body (validated with {@code @Valid}): WGS84 unless the phone
 * says GCJ02.
 */
public record LocationRequest(@NotNull @DecimalMin("-90") @DecimalMax("90") Double lat,
		@NotNull @DecimalMin("-180") @DecimalMax("180") Double lng,
		@Nullable @PositiveOrZero @DecimalMax("100000") Double accuracy,
		@Nullable @Pattern(regexp = "WGS84|GCJ02", message = "must be WGS84 or GCJ02") String coordSystem) {

	public GeoPoint toPoint() {
		return new GeoPoint(this.lat, this.lng, this.accuracy,
				(this.coordSystem != null) ? CoordSystem.valueOf(this.coordSystem) : CoordSystem.WGS84);
	}

	public static @Nullable GeoPoint toPoint(@Nullable LocationRequest location) {
		return (location != null) ? location.toPoint() : null;
	}

}
