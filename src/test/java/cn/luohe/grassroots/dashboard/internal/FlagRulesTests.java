package cn.luohe.grassroots.dashboard.internal;

import cn.luohe.grassroots.dashboard.api.Flag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FlagRulesTests {

	private final FlagRules rules = new FlagRules(1.0, 0.6);

	@Test
	void shouldFlagRatiosAtTheConfiguredThresholds() {
		assertThat(this.rules.ratio(2, 2)).isEqualTo(Flag.RED);
		assertThat(this.rules.ratio(3, 2)).isEqualTo(Flag.RED);
		assertThat(this.rules.ratio(3, 5)).isEqualTo(Flag.YELLOW);
		assertThat(this.rules.ratio(2, 5)).isEqualTo(Flag.BLACK);
		assertThat(this.rules.ratio(0, 1)).isEqualTo(Flag.BLACK);
		assertThat(this.rules.ratio(0, 0)).isEqualTo(Flag.NONE);
	}

	@Test
	void shouldFollowOtherThresholds() {
		FlagRules strict = new FlagRules(1.0, 0.9);
		assertThat(strict.ratio(8, 10)).isEqualTo(Flag.BLACK);
		assertThat(strict.ratio(9, 10)).isEqualTo(Flag.YELLOW);
	}

	@Test
	void shouldJudgeVisitCoverage() {
		assertThat(FlagRules.visitCoverage(1, 3)).isEqualTo(Flag.RED);
		assertThat(FlagRules.visitCoverage(0, 2)).isEqualTo(Flag.YELLOW);
		assertThat(FlagRules.visitCoverage(0, 0)).isEqualTo(Flag.BLACK);
	}

	@Test
	void shouldComputeGrowthAndItsTarget() {
		assertThat(FlagRules.growth(12, 10)).isEqualTo(0.2);
		assertThat(FlagRules.growth(5, 0)).isNull();
		assertThat(FlagRules.meets(FlagRules.growth(12, 10), 0.20)).isTrue();
		assertThat(FlagRules.meets(FlagRules.growth(11, 10), 0.20)).isFalse();
		assertThat(FlagRules.meets(null, 0.20)).isNull();
	}

	@Test
	void shouldScoreTheMeanOfCappedRatiosLeavingOutWhatCannotBeJudged() {
		assertThat(FlagRules.score(1.0, 0.5)).isEqualTo(75.0);
		assertThat(FlagRules.score(2.0, 0.0)).isEqualTo(50.0);
		assertThat(FlagRules.score(FlagRules.ratioOrNaN(1, 0), 0.5)).isEqualTo(50.0);
		assertThat(FlagRules.score()).isZero();
	}

}
