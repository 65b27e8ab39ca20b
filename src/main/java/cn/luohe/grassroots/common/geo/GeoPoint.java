package cn.luohe.grassroots.common.geo;

import cn.luohe.grassroots.common.db.Params;
import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;

/**
 * A reported location, kept as reported: WGS84 or GCJ02 (what wx.getLocation gives),
 * accuracy in metres. {@link #toWgs84()} gives the one system every comparison uses.
 */
public record GeoPoint(double lat, double lng, @Nullable Double accuracy, CoordSystem system) {

	/**
	 * The location stored in the columns {@code <prefix>lat, <prefix>lng,
	 * <prefix>accuracy, <prefix>coord_system}, or null when none is stored.
	 */
	public static @Nullable GeoPoint read(Readable row, String prefix) {
		Double lat = row.get(prefix + "lat", Double.class);
		Double lng = row.get(prefix + "lng", Double.class);
		if (lat == null || lng == null) {
			return null;
		}
		return new GeoPoint(lat, lng, row.get(prefix + "accuracy", Double.class),
				CoordSystem.valueOf(Params.required(row.get(prefix + "coord_system", String.class))));
	}

	public GeoPoint toWgs84() {
		if (this.system == CoordSystem.WGS84) {
			return this;
		}
		double[] wgs = ChinaCoordinates.gcj02ToWgs84(this.lat, this.lng);
		return new GeoPoint(wgs[0], wgs[1], this.accuracy, CoordSystem.WGS84);
	}

	/** Great-circle distance in metres, both points taken in WGS84. */
	public double metresTo(GeoPoint other) {
		GeoPoint a = toWgs84();
		GeoPoint b = other.toWgs84();
		return Haversine.metres(a.lat, a.lng, b.lat, b.lng);
	}

	/** The very same reported coordinates (a replayed or cached fix, not a new one). */
	public boolean sameReadingAs(GeoPoint other) {
		return this.system == other.system && Double.compare(this.lat, other.lat) == 0
				&& Double.compare(this.lng, other.lng) == 0;
	}

}
