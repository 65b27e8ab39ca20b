package cn.luohe.grassroots.visit.internal;

import org.jspecify.annotations.Nullable;

/**
 * A reported location, kept as reported (with its system); {@link #toWgs84()} gives the
 * one system every comparison uses.
 */
public record GeoPoint(double lat, double lng, @Nullable Double accuracy, CoordSystem system) {

	GeoPoint toWgs84() {
		if (this.system == CoordSystem.WGS84) {
			return this;
		}
		double[] wgs = ChinaCoordinates.gcj02ToWgs84(this.lat, this.lng);
		return new GeoPoint(wgs[0], wgs[1], this.accuracy, CoordSystem.WGS84);
	}

	/** Great-circle distance in metres, both points taken in WGS84. */
	double metresTo(GeoPoint other) {
		GeoPoint a = toWgs84();
		GeoPoint b = other.toWgs84();
		return Haversine.metres(a.lat, a.lng, b.lat, b.lng);
	}

	/** The very same reported coordinates (a replayed or cached fix, not a new one). */
	boolean sameReadingAs(GeoPoint other) {
		return this.system == other.system && Double.compare(this.lat, other.lat) == 0
				&& Double.compare(this.lng, other.lng) == 0;
	}

}
