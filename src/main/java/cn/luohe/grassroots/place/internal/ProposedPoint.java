package cn.luohe.grassroots.place.internal;

import java.util.Arrays;
import java.util.List;

import cn.luohe.grassroots.common.geo.GeoPoint;
import org.jspecify.annotations.Nullable;

/**
 * The point a place's check-ins propose: the median latitude and the median longitude
 * (WGS84) of its fixes, each taken on its own, so a few wild fixes do not move it.
 *
 * @param lat WGS84 latitude
 * @param lng WGS84 longitude
 * @param fixes how many check-ins it was taken from
 */
public record ProposedPoint(double lat, double lng, int fixes) {

	/** The proposal of {@code fixes}, or null with fewer than {@code minFixes}. */
	static @Nullable ProposedPoint of(List<GeoPoint> fixes, int minFixes) {
		if (fixes.size() < minFixes) {
			return null;
		}
		List<GeoPoint> wgs = fixes.stream().map(GeoPoint::toWgs84).toList();
		return new ProposedPoint(median(wgs.stream().mapToDouble(GeoPoint::lat).toArray()),
				median(wgs.stream().mapToDouble(GeoPoint::lng).toArray()), fixes.size());
	}

	static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

}
