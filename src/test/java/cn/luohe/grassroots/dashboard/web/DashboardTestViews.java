package cn.luohe.grassroots.dashboard.web;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/** Typed answers of the dashboard and report endpoints, as far as the tests read them. */
final class DashboardTestViews {

	private DashboardTestViews() {
	}

	/** A county's towns ({@code GET /dashboards/towns}). */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record TownsDashboard(@JsonProperty("final") boolean isFinal, List<TownRow> items) {
	}

	/** A town's line of the month. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record TownRow(long orgId, String name, int visits, int visitsCompleted, int activities, int activityParticipants,
			int youthHomes, int youthHomesMeetingTarget, int needsOpened, TownFlags flags) {
	}

	/** A town's flags on the dashboards. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record TownFlags(String youthHomeActivities, String themedEvents, String visitCoverage) {
	}

	/** A county's line of the month ({@code GET /dashboards/counties}). */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record CountyRow(long orgId, String name, int towns, int visits, int cadres, int cadresCompleted, int rank) {
	}

	/** The city's month ({@code GET /dashboards/city}). */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record CityDashboard(int visits, @Nullable Double activitiesGrowth, @Nullable Double participantsGrowth,
			@Nullable Boolean activitiesGrowthTargetMet, double activitiesGrowthTarget,
			double participantsGrowthTarget) {
	}

	/** A county's submission of a month. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Submission(long id, long countyId, boolean late, @Nullable String reopenReason) {
	}

	/** Whether a county has submitted the month. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record SubmissionStatus(long countyId, boolean submitted) {
	}

	/**
	 * A reconciliation's answer: the differences found, and whether they were repaired.
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Reconciliation(List<Difference> differences, boolean repaired) {
	}

	/** A maintained count that differed from the recount. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Difference(long townId, String field, int maintained, int recount) {
	}

}
