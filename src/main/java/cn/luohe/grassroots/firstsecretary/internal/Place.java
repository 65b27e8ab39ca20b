package cn.luohe.grassroots.firstsecretary.internal;

import cn.luohe.grassroots.common.db.Params;
import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;

/**
 * A reported location: WGS84 or GCJ02 (what wx.getLocation gives), accuracy in metres.
 */
public record Place(double lat, double lng, @Nullable Double accuracy, String coordSystem) {

	/** The location stored in {@code lat, lng, accuracy, coord_system}, or null. */
	static @Nullable Place from(Readable row) {
		Double lat = row.get("lat", Double.class);
		Double lng = row.get("lng", Double.class);
		if (lat == null || lng == null) {
			return null;
		}
		return new Place(lat, lng, row.get("accuracy", Double.class),
				Params.required(row.get("coord_system", String.class)));
	}

}
