package cn.luohe.grassroots.dashboard.internal;

import cn.luohe.grassroots.dashboard.api.Flag;
import cn.luohe.grassroots.dashboard.api.FlagJudge;

import org.springframework.stereotype.Component;

/** {@link FlagRules} with the configured thresholds, for other features. */
@Component
class DashboardFlagJudge implements FlagJudge {

	private final FlagRules rules;

	DashboardFlagJudge(DashboardProperties properties) {
		this.rules = FlagRules.of(properties);
	}

	@Override
	public Flag judge(double achieved, double expected) {
		return this.rules.ratio(achieved, expected);
	}

}
