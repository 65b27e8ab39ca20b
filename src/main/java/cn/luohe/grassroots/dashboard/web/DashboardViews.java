package cn.luohe.grassroots.dashboard.web;

import java.time.Instant;
import java.util.List;

import cn.luohe.grassroots.dashboard.api.Flag;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/** What the dashboard and report endpoints answer. */
final class DashboardViews {

	private DashboardViews() {
	}

	record TownFlagsView(Flag youthHomeActivities, Flag themedEvents, Flag visitCoverage) {
	}

	record TownRowView(long orgId, String name, long visits, long visitsCompleted, long visitingCadres, long activities,
			long activityParticipants, long verifiedParticipants, long youthHomes, long youthHomesMeetingTarget,
			long themedEvents, long villagesWithFirstSecretary, long villagesMeetingTarget, long needsOpened,
			long needsResolved, TownFlagsView flags, double score, int rank) {
	}

	record TownDashboardView(String month, @JsonProperty("final") boolean isFinal, List<TownRowView> items) {
	}

	record CountyFlagsView(Flag youthHomeActivities, Flag themedEvents, Flag visitCoverage, Flag visitCompliance) {
	}

	record CountyRowView(long orgId, String name, long towns, long townsVisitedInVisitWeek, long visits,
			long visitsCompleted, long visitingCadres, long activities, long activityParticipants,
			long verifiedParticipants, long youthHomes, long youthHomesMeetingTarget, long themedEvents,
			long villagesWithFirstSecretary, long villagesMeetingTarget, long needsOpened, long needsResolved,
			long cadres, long cadresCompleted, CountyFlagsView flags, double score, int rank) {
	}

	record CountyDashboardView(String month, @JsonProperty("final") boolean isFinal, List<CountyRowView> items) {
	}

	record CityDashboardView(String month, @JsonProperty("final") boolean isFinal, long visits, long visitsCompleted,
			long visitingCadres, long activities, long activityParticipants, long verifiedParticipants, long youthHomes,
			long youthHomesMeetingTarget, long themedEvents, long villagesWithFirstSecretary,
			long villagesMeetingTarget, long needsOpened, long needsResolved, long cadres, long cadresCompleted,
			long previousActivities, long previousActivityParticipants, @Nullable Double activitiesGrowth,
			@Nullable Double participantsGrowth, double activitiesGrowthTarget, double participantsGrowthTarget,
			@Nullable Boolean activitiesGrowthTargetMet, @Nullable Boolean participantsGrowthTargetMet) {
	}

	record DifferenceView(long townId, String town, String field, long maintained, long recount) {
	}

	record ReconciliationView(String month, int townsChecked, List<DifferenceView> differences, boolean repaired) {
	}

	record SubmissionView(long id, long countyId, String month, Instant submittedAt, boolean late,
			@Nullable Instant reopenedAt, @Nullable String reopenReason) {
	}

	record CountySubmissionStatusView(long countyId, String countyName, boolean submitted,
			@Nullable SubmissionView submission) {
	}

}
