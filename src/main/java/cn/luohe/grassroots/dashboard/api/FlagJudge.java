package cn.luohe.grassroots.dashboard.api;

/**
 * The dashboards' one flag rule ({@code app.dashboard.red-at}, {@code yellow-at}) for
 * other features' figures: achieved/expected ≥ red-at → RED, ≥ yellow-at → YELLOW, below
 * → BLACK; nothing expected → NONE.
 */
public interface FlagJudge {

	Flag judge(double achieved, double expected);

}
