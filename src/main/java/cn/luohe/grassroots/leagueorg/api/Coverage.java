package cn.luohe.grassroots.leagueorg.api;

import java.time.YearMonth;
import java.util.List;

import cn.luohe.grassroots.dashboard.api.Flag;
import org.jspecify.annotations.Nullable;

/**
 * Coverage of a year up to {@code asOf} (its last month, or the current one), every
 * figure as of that month's last day; flags judge each figure against its target
 * pro-rated to {@code elapsed} (months gone ÷ 12).
 */
public record Coverage(int year, YearMonth asOf, double elapsed, List<Unit> counties, Unit city) {

	/**
	 * One county-level unit ({@code orgId}), or the city ({@code orgId} null: the
	 * counties and the 市直 units together).
	 */
	public record Unit(@Nullable Long orgId, long newSocialOrgs, long newSocialOrgsTarget, Flag flag,
			List<Indicator> indicators) {

		public Indicator indicator(CoverageIndicator key) {
			return this.indicators.stream()
				.filter(i -> i.key() == key)
				.findFirst()
				.orElseThrow(() -> new IllegalArgumentException("No indicator " + key));
		}

	}

	/**
	 * One indicator: {@code denominator} and {@code rate} are null for COUNT indicators,
	 * and {@code rate} also when the denominator is zero.
	 */
	public record Indicator(CoverageIndicator key, long numerator, @Nullable Long denominator, @Nullable Double rate,
			double target, Flag flag) {
	}

}
