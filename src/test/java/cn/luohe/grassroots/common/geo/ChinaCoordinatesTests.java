package cn.luohe.grassroots.common.geo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ChinaCoordinatesTests {

	@ParameterizedTest
	@CsvSource({ "33.58, 114.02", "33.437, 113.609", "39.9087, 116.3975", "22.54, 114.06", "45.75, 126.63" })
	void shouldShiftPointsInChinaBySeveralHundredMetres(double lat, double lng) {
		double[] gcj = ChinaCoordinates.wgs84ToGcj02(lat, lng);
		double shift = Haversine.metres(lat, lng, gcj[0], gcj[1]);
		assertThat(shift).isBetween(100.0, 800.0);
	}

	@ParameterizedTest
	@CsvSource({ "33.58, 114.02", "33.437, 113.609", "39.9087, 116.3975", "22.54, 114.06", "45.75, 126.63" })
	void shouldComeBackToWgs84WithinAFewCentimetres(double lat, double lng) {
		double[] gcj = ChinaCoordinates.wgs84ToGcj02(lat, lng);
		double[] back = ChinaCoordinates.gcj02ToWgs84(gcj[0], gcj[1]);
		assertThat(Haversine.metres(lat, lng, back[0], back[1])).isLessThan(0.1);
	}

	@Test
	void shouldLeavePointsOutsideChinaAlone() {
		assertThat(ChinaCoordinates.outsideChina(48.8566, 2.3522)).isTrue();
		assertThat(ChinaCoordinates.gcj02ToWgs84(48.8566, 2.3522)).containsExactly(48.8566, 2.3522);
		assertThat(ChinaCoordinates.wgs84ToGcj02(-33.86, 151.21)).containsExactly(-33.86, 151.21);
	}

	@Test
	void shouldCompareTheSamePlaceReportedInBothSystemsAsTheSamePlace() {
		GeoPoint wgs = new GeoPoint(33.437, 113.609, null, CoordSystem.WGS84);
		double[] gcj = ChinaCoordinates.wgs84ToGcj02(wgs.lat(), wgs.lng());
		GeoPoint sameInGcj = new GeoPoint(gcj[0], gcj[1], null, CoordSystem.GCJ02);
		assertThat(wgs.metresTo(sameInGcj)).isLessThan(0.1);
		// read as if it were WGS84, the same numbers lie hundreds of metres away
		GeoPoint misread = new GeoPoint(gcj[0], gcj[1], null, CoordSystem.WGS84);
		assertThat(wgs.metresTo(misread)).isGreaterThan(100);
		assertThat(sameInGcj.toWgs84().lat()).isCloseTo(wgs.lat(), within(1e-6));
	}

}
