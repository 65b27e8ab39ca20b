package cn.luohe.grassroots.dashboard.internal;

import java.time.Instant;
import java.util.List;

import cn.luohe.grassroots.dashboard.api.Flag;
import org.jspecify.annotations.Nullable;

/**
 * What the dashboard services answer; the web layer maps these to its views
 * ({@code dashboard/web/DashboardViews}).
 */
public final class Dashboards {

	private Dashboards() {
	}

	public record TownFlags(Flag youthHomeActivities, Flag themedEvents, Flag visitCoverage) {
	}

	public record TownRow(long orgId, String name, long visits, long visitsCompleted, long visitingCadres,
			long activities, long activityParticipants, long verifiedParticipants, long youthHomes,
			long youthHomesMeetingTarget, long themedEvents, long villagesWithFirstSecretary,
			long villagesMeetingTarget, long needsOpened, long needsResolved, TownFlags flags, double score, int rank) {
	}

	public record TownDashboard(String month, boolean isFinal, List<TownRow> items) {
	}

	public record CountyFlags(Flag youthHomeActivities, Flag themedEvents, Flag visitCoverage, Flag visitCompliance) {
	}

	public record CountyRow(long orgId, String name, long towns, long townsVisitedInVisitWeek, long visits,
			long visitsCompleted, long visitingCadres, long activities, long activityParticipants,
			long verifiedParticipants, long youthHomes, long youthHomesMeetingTarget, long themedEvents,
			long villagesWithFirstSecretary, long villagesMeetingTarget, long needsOpened, long needsResolved,
			long cadres, long cadresCompleted, CountyFlags flags, double score, int rank) {
	}

	public record CountyDashboard(String month, boolean isFinal, List<CountyRow> items) {
	}

	public record CityDashboard(String month, boolean isFinal, long visits, long visitsCompleted, long visitingCadres,
			long activities, long activityParticipants, long verifiedParticipants, long youthHomes,
			long youthHomesMeetingTarget, long themedEvents, long villagesWithFirstSecretary,
			long villagesMeetingTarget, long needsOpened, long needsResolved, long cadres, long cadresCompleted,
			long previousActivities, long previousActivityParticipants, @Nullable Double activitiesGrowth,
			@Nullable Double participantsGrowth, double activitiesGrowthTarget, double participantsGrowthTarget,
			@Nullable Boolean activitiesGrowthTargetMet, @Nullable Boolean participantsGrowthTargetMet) {
	}

	public record Difference(long townId, String town, String field, long maintained, long recount) {
	}

	public record Reconciliation(String month, int townsChecked, List<Difference> differences, boolean repaired) {
	}

	public record Submission(long id, long countyId, String month, Instant submittedAt, boolean late,
			@Nullable Instant reopenedAt, @Nullable String reopenReason) {
	}

	public record CountySubmissionStatus(long countyId, String countyName, boolean submitted,
			@Nullable Submission submission) {
	}

}
