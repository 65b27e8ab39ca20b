package cn.luohe.grassroots.dashboard.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Dashboard rules ({@code app.dashboard.*}): flag thresholds on met/expected, the seed's
 * growth targets (+20 % activities, +30 % participants), the day of the month counties
 * submit by, how often the aggregator looks for dirty town-months, and the least time
 * between two recounts of one town-month by its periodic runs ({@code recount-gap}: a
 * busy town's marks wait that long and are recounted together; 0 recounts at every run).
 */
@ConfigurationProperties("app.dashboard")
public record DashboardProperties(@DefaultValue("1.0") double redAt, @DefaultValue("0.6") double yellowAt,
		@DefaultValue("0.20") double activityGrowthTarget, @DefaultValue("0.30") double participantGrowthTarget,
		@DefaultValue("28") int submissionDay, @DefaultValue("200ms") Duration aggregatorInterval,
		@DefaultValue("500") int aggregatorBatch, @DefaultValue("1s") Duration recountGap) {

	public DashboardProperties {
		if (!(yellowAt > 0 && yellowAt <= redAt)) {
			throw new IllegalArgumentException("app.dashboard: need 0 < yellow-at <= red-at");
		}
		if (submissionDay < 1 || submissionDay > 28) {
			throw new IllegalArgumentException("app.dashboard.submission-day must be 1..28");
		}
		if (recountGap.isNegative()) {
			throw new IllegalArgumentException("app.dashboard.recount-gap must not be negative");
		}
	}

}
