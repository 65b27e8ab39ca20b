package cn.luohe.grassroots.common.web;

import cn.luohe.grassroots.common.geo.GeoPoint;
import org.jspecify.annotations.Nullable;

/** A location as every answer shows it. */
public record LocationView(double lat, double lng, @Nullable Double accuracy, String coordSystem) {

	public static LocationView of(GeoPoint point) {
		return new LocationView(point.lat(), point.lng(), point.accuracy(), point.system().name());
	}

}
