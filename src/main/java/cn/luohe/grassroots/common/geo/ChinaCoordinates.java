package cn.luohe.grassroots.common.geo;

/**
 * GCJ-02, the obfuscated datum Chinese maps use, and its way back to WGS84. The forward
 * transform is the published one; the inverse has no closed form and is found by a few
 * fixed-point iterations (well under a metre off, far below GPS error). Outside China
 * GCJ-02 equals WGS84.
 */
public final class ChinaCoordinates {

	private static final double A = 6378245.0;

	private static final double EE = 0.00669342162296594323;

	private ChinaCoordinates() {
	}

	static boolean outsideChina(double lat, double lng) {
		return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271;
	}

	/** {lat, lng} in GCJ-02 of a WGS84 point. */
	public static double[] wgs84ToGcj02(double lat, double lng) {
		if (outsideChina(lat, lng)) {
			return new double[] { lat, lng };
		}
		double[] d = offset(lat, lng);
		return new double[] { lat + d[0], lng + d[1] };
	}

	/** {lat, lng} in WGS84 of a GCJ-02 point. */
	static double[] gcj02ToWgs84(double lat, double lng) {
		if (outsideChina(lat, lng)) {
			return new double[] { lat, lng };
		}
		double wgsLat = lat;
		double wgsLng = lng;
		for (int i = 0; i < 5; i++) {
			double[] gcj = wgs84ToGcj02(wgsLat, wgsLng);
			wgsLat -= gcj[0] - lat;
			wgsLng -= gcj[1] - lng;
		}
		return new double[] { wgsLat, wgsLng };
	}

	private static double[] offset(double lat, double lng) {
		double x = lng - 105.0;
		double y = lat - 35.0;
		double dLat = transformLat(x, y);
		double dLng = transformLng(x, y);
		double radLat = lat / 180.0 * Math.PI;
		double magic = Math.sin(radLat);
		magic = 1 - EE * magic * magic;
		double sqrtMagic = Math.sqrt(magic);
		dLat = (dLat * 180.0) / ((A * (1 - EE)) / (magic * sqrtMagic) * Math.PI);
		dLng = (dLng * 180.0) / (A / sqrtMagic * Math.cos(radLat) * Math.PI);
		return new double[] { dLat, dLng };
	}

	private static double transformLat(double x, double y) {
		double ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
		ret += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
		ret += (20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin(y / 3.0 * Math.PI)) * 2.0 / 3.0;
		ret += (160.0 * Math.sin(y / 12.0 * Math.PI) + 320 * Math.sin(y * Math.PI / 30.0)) * 2.0 / 3.0;
		return ret;
	}

	private static double transformLng(double x, double y) {
		double ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
		ret += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
		ret += (20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin(x / 3.0 * Math.PI)) * 2.0 / 3.0;
		ret += (150.0 * Math.sin(x / 12.0 * Math.PI) + 300.0 * Math.sin(x / 30.0 * Math.PI)) * 2.0 / 3.0;
		return ret;
	}

}
