package cn.luohe.grassroots.visit.internal;

import java.time.Duration;
import java.time.Instant;

import cn.luohe.grassroots.common.geo.ChinaCoordinates;
import cn.luohe.grassroots.common.geo.CoordSystem;
import cn.luohe.grassroots.common.geo.GeoPoint;
import cn.luohe.grassroots.visit.internal.PlausibilityRule.Fix;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlausibilityRuleTests {

	private static final Instant AT = Instant.parse("2026-12-03T01:30:00Z");

	/** 舞泉镇, 舞阳县. */
	private static final GeoPoint WUQUAN = new GeoPoint(33.437, 113.609, 15.0, CoordSystem.WGS84);

	/** About 40 km north-east, near 漯河's city centre. */
	private static final GeoPoint CITY = new GeoPoint(33.58, 114.02, 15.0, CoordSystem.WGS84);

	private final PlausibilityRule rule = new PlausibilityRule(200, 150, 3000);

	@Test
	void shouldFlagNothingForAGoodFixNearTheTarget() {
		GeoPoint near = new GeoPoint(33.44, 113.61, 20.0, CoordSystem.WGS84);
		assertThat(this.rule.checkIn(near, AT, new Fix(CITY, AT.minus(Duration.ofHours(2))), WUQUAN)).isEmpty();
	}

	@Test
	void shouldFlagLowAccuracyOnlyAboveTheBound() {
		assertThat(this.rule.checkOut(withAccuracy(WUQUAN, 200.0), null)).isEmpty();
		assertThat(this.rule.checkOut(withAccuracy(WUQUAN, 201.0), null)).containsExactly(VisitFlag.LOW_ACCURACY);
		assertThat(this.rule.checkOut(withAccuracy(WUQUAN, null), null)).isEmpty();
	}

	@Test
	void shouldFlagACheckInFarFromTheTargetOnlyWhenTheTargetIsKnown() {
		assertThat(this.rule.checkIn(CITY, AT, null, WUQUAN)).containsExactly(VisitFlag.FAR_FROM_TARGET);
		assertThat(this.rule.checkIn(CITY, AT, null, null)).isEmpty();
	}

	@Test
	void shouldCompareAGcj02FixWithAWgs84TargetInOneSystem() {
		double[] gcj = ChinaCoordinates.wgs84ToGcj02(WUQUAN.lat(), WUQUAN.lng());
		GeoPoint reportedInGcj = new GeoPoint(gcj[0], gcj[1], 10.0, CoordSystem.GCJ02);
		PlausibilityRule tight = new PlausibilityRule(200, 150, 50);
		assertThat(tight.checkOut(reportedInGcj, WUQUAN)).isEmpty();
		GeoPoint misread = new GeoPoint(gcj[0], gcj[1], 10.0, CoordSystem.WGS84);
		assertThat(tight.checkOut(misread, WUQUAN)).containsExactly(VisitFlag.FAR_FROM_TARGET);
	}

	@Test
	void shouldFlagTravelFasterThanTheBoundFromThePreviousCheckIn() {
		// about 41 km in 10 minutes: some 250 km/h
		assertThat(this.rule.checkIn(CITY, AT, new Fix(WUQUAN, AT.minus(Duration.ofMinutes(10))), null))
			.containsExactly(VisitFlag.IMPOSSIBLE_TRAVEL);
		// the same in 40 minutes: some 60 km/h
		assertThat(this.rule.checkIn(CITY, AT, new Fix(WUQUAN, AT.minus(Duration.ofMinutes(40))), null)).isEmpty();
	}

	@Test
	void shouldNotMistakeJitterBetweenTwoQuickCheckInsForTravel() {
		GeoPoint aHundredMetresOn = new GeoPoint(33.438, 113.609, 15.0, CoordSystem.WGS84);
		assertThat(this.rule.checkIn(aHundredMetresOn, AT, new Fix(WUQUAN, AT), null)).isEmpty();
		assertThat(PlausibilityRule.speedKmh(new Fix(WUQUAN, AT), new Fix(aHundredMetresOn, AT))).isLessThan(10);
	}

	@Test
	void shouldFlagTheVerySameCoordinatesAsStale() {
		GeoPoint same = new GeoPoint(WUQUAN.lat(), WUQUAN.lng(), 30.0, CoordSystem.WGS84);
		assertThat(this.rule.checkIn(same, AT, new Fix(WUQUAN, AT.minus(Duration.ofDays(1))), null))
			.containsExactly(VisitFlag.STALE_LOCATION);
		GeoPoint slightlyOff = new GeoPoint(WUQUAN.lat() + 0.00001, WUQUAN.lng(), 30.0, CoordSystem.WGS84);
		assertThat(this.rule.checkIn(slightlyOff, AT, new Fix(WUQUAN, AT.minus(Duration.ofDays(1))), null)).isEmpty();
	}

	private static GeoPoint withAccuracy(GeoPoint point, Double accuracy) {
		return new GeoPoint(point.lat(), point.lng(), accuracy, point.system());
	}

}
