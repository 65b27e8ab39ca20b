package cn.luohe.grassroots.common.geo;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HaversineTests {

	@Test
	void shouldBeZeroForTheSamePoint() {
		assertThat(Haversine.metres(33.58, 114.02, 33.58, 114.02)).isZero();
	}

	@Test
	void shouldMeasureOneDegreeOfLatitudeAsAbout111Kilometres() {
		assertThat(Haversine.metres(33.0, 114.0, 34.0, 114.0)).isCloseTo(111_195, within(50.0));
	}

	@Test
	void shouldMeasureLuoheToZhengzhouAsAbout150Kilometres() {
		// 漯河 (33.58, 114.02) to 郑州 (34.75, 113.63): about 135 km as the crow flies
		assertThat(Haversine.metres(33.58, 114.02, 34.75, 113.63)).isBetween(130_000.0, 140_000.0);
	}

	@Test
	void shouldBeSymmetric() {
		assertThat(Haversine.metres(33.43, 113.60, 33.80, 113.93))
			.isCloseTo(Haversine.metres(33.80, 113.93, 33.43, 113.60), within(1e-6));
	}

	@Test
	void shouldShrinkLongitudeDegreesTowardsThePoles() {
		double equator = Haversine.metres(0, 0, 0, 1);
		double luohe = Haversine.metres(33.58, 114.0, 33.58, 115.0);
		assertThat(luohe).isCloseTo(equator * Math.cos(Math.toRadians(33.58)), within(10.0));
	}

}
