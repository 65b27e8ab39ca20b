package cn.luohe.grassroots.dashboard.internal;

import cn.luohe.grassroots.dashboard.api.Flag;
import org.jspecify.annotations.Nullable;

/** How a ratio of met to expected becomes a flag, and how growth is judged. Pure. */
final class FlagRules {

	private final double redAt;

	private final double yellowAt;

	FlagRules(double redAt, double yellowAt) {
		this.redAt = redAt;
		this.yellowAt = yellowAt;
	}

	static FlagRules of(DashboardProperties properties) {
		return new FlagRules(properties.redAt(), properties.yellowAt());
	}

	/**
	 * met/expected ≥ red-at → RED, ≥ yellow-at → YELLOW, below → BLACK; nothing expected
	 * → NONE.
	 */
	Flag ratio(long met, long expected) {
		return ratio((double) met, (double) expected);
	}

	/** The same for fractional figures (pro-rated targets, rates). */
	Flag ratio(double met, double expected) {
		if (!(expected > 0)) {
			return Flag.NONE;
		}
		// a hair of tolerance: a pro-rated target of 0.98 × 5/12 is met by exactly that
		double ratio = met / expected + 1e-9;
		if (ratio >= this.redAt) {
			return Flag.RED;
		}
		return (ratio >= this.yellowAt) ? Flag.YELLOW : Flag.BLACK;
	}

	/**
	 * RED when a visit in visit week was completed at the town, YELLOW when it was
	 * visited only outside visit week or without completion, BLACK when not visited.
	 */
	static Flag visitCoverage(long completedInVisitWeek, long visits) {
		if (completedInVisitWeek > 0) {
			return Flag.RED;
		}
		return (visits > 0) ? Flag.YELLOW : Flag.BLACK;
	}

	/**
	 * Growth against the previous month as a fraction; null when the previous month is
	 * zero.
	 */
	static @Nullable Double growth(long current, long previous) {
		if (previous == 0) {
			return null;
		}
		return (double) (current - previous) / previous;
	}

	/** Whether growth meets its target; null when growth is null. */
	static @Nullable Boolean meets(@Nullable Double growth, double target) {
		return (growth != null) ? growth >= target - 1e-9 : null;
	}

	/**
	 * 比学赶帮超 score, 0–100: the mean of the indicator ratios that can be judged, each
	 * capped at 1 (a unit over target does not hide another's shortfall), times 100.
	 * Unjudgeable indicators are left out; with none at all the score is 0.
	 */
	static double score(double... ratios) {
		double sum = 0;
		int n = 0;
		for (double ratio : ratios) {
			if (Double.isNaN(ratio)) {
				continue;
			}
			sum += Math.min(1.0, Math.max(0.0, ratio));
			n++;
		}
		return (n == 0) ? 0 : Math.round(sum / n * 1000) / 10.0;
	}

	/** met/expected, or NaN when nothing is expected (left out of the score). */
	static double ratioOrNaN(long met, long expected) {
		return (expected <= 0) ? Double.NaN : (double) met / expected;
	}

}
