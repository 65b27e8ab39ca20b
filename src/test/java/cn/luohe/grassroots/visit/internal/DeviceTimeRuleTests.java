package cn.luohe.grassroots.visit.internal;

import java.time.Duration;
import java.time.Instant;

import cn.luohe.grassroots.common.error.ApiException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DeviceTimeRuleTests {

	private static final Instant RECEIVED = Instant.parse("2026-12-03T01:30:00Z");

	private final DeviceTimeRule rule = new DeviceTimeRule(Duration.ofHours(72), Duration.ofMinutes(10),
			Duration.ofMinutes(5), Duration.ofHours(1));

	@Test
	void shouldUseTheReceiveTimeWithoutADeviceTime() {
		DeviceTimeRule.Judgement judgement = this.rule.judge(null, RECEIVED);
		assertThat(judgement.effectiveAt()).isEqualTo(RECEIVED);
		assertThat(judgement.flags()).isEmpty();
	}

	@Test
	void shouldAcceptAFreshDeviceTimeAsIs() {
		Instant device = RECEIVED.minusSeconds(90);
		DeviceTimeRule.Judgement judgement = this.rule.judge(device, RECEIVED);
		assertThat(judgement.effectiveAt()).isEqualTo(device);
		assertThat(judgement.flags()).isEmpty();
	}

	@Test
	void shouldFlagALateSyncButKeepItsDeviceTime() {
		Instant device = RECEIVED.minus(Duration.ofHours(71));
		DeviceTimeRule.Judgement judgement = this.rule.judge(device, RECEIVED);
		assertThat(judgement.effectiveAt()).isEqualTo(device);
		assertThat(judgement.flags()).containsExactly(VisitFlag.LATE_SYNC);
		assertThat(this.rule.judge(RECEIVED.minus(Duration.ofMinutes(10)), RECEIVED).flags()).isEmpty();
		assertThat(this.rule.judge(RECEIVED.minus(Duration.ofMinutes(11)), RECEIVED).flags())
			.containsExactly(VisitFlag.LATE_SYNC);
	}

	@Test
	void shouldRefuseADeviceTimeOlderThanTheSyncWindow() {
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.rule.judge(RECEIVED.minus(Duration.ofHours(72)).minusSeconds(1), RECEIVED))
			.satisfies(ex -> assertThat(ex.code()).isEqualTo("OCCURRED_AT_TOO_OLD"));
	}

	@Test
	void shouldTolerateASlightlyFastDeviceClock() {
		Instant device = RECEIVED.plus(Duration.ofMinutes(4));
		DeviceTimeRule.Judgement judgement = this.rule.judge(device, RECEIVED);
		assertThat(judgement.flags()).isEmpty();
		// a record never lies in the future
		assertThat(judgement.effectiveAt()).isEqualTo(RECEIVED);
	}

	@Test
	void shouldFlagAFastDeviceClockAndUseTheReceiveTime() {
		DeviceTimeRule.Judgement judgement = this.rule.judge(RECEIVED.plus(Duration.ofMinutes(30)), RECEIVED);
		assertThat(judgement.flags()).containsExactly(VisitFlag.CLOCK_SKEW);
		assertThat(judgement.effectiveAt()).isEqualTo(RECEIVED);
	}

	@Test
	void shouldRefuseADeviceTimeFarInTheFuture() {
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.rule.judge(RECEIVED.plus(Duration.ofHours(1)).plusSeconds(1), RECEIVED))
			.satisfies(ex -> assertThat(ex.code()).isEqualTo("OCCURRED_AT_IN_FUTURE"));
	}

}
