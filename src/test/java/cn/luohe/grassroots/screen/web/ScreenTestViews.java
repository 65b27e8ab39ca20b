package cn.luohe.grassroots.screen.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.support.Responses;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * Typed answers of the APIs the screen shows, as far as the screen's tests compare them
 * with the page.
 */
final class ScreenTestViews {

	private ScreenTestViews() {
	}

	/** The figures the screen shows as KPIs, by the key of their element. */
	interface Kpis {

		int visits();

		int visitsCompleted();

		int cadres();

		int cadresCompleted();

		int activities();

		int activityParticipants();

		int verifiedParticipants();

		int themedEvents();

		int needsOpened();

		int needsResolved();

		/** Each figure by its key ({@code kpi-<key>} on the page). */
		default Map<String, Integer> byKey() {
			Map<String, Integer> figures = new LinkedHashMap<>();
			figures.put("visits", visits());
			figures.put("visitsCompleted", visitsCompleted());
			figures.put("cadres", cadres());
			figures.put("cadresCompleted", cadresCompleted());
			figures.put("activities", activities());
			figures.put("activityParticipants", activityParticipants());
			figures.put("verifiedParticipants", verifiedParticipants());
			figures.put("themedEvents", themedEvents());
			figures.put("needsOpened", needsOpened());
			figures.put("needsResolved", needsResolved());
			return figures;
		}

	}

	/** The city's month. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record CityDashboard(int visits, int visitsCompleted, int cadres, int cadresCompleted, int activities,
			int activityParticipants, int verifiedParticipants, int themedEvents, int needsOpened,
			int needsResolved) implements Kpis {
	}

	/** A county's line of the month. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record CountyRow(long orgId, String name, int rank, double score, CountyFlags flags, int visits,
			int visitsCompleted, int cadres, int cadresCompleted, int activities, int activityParticipants,
			int verifiedParticipants, int themedEvents, int needsOpened, int needsResolved) implements Kpis {
	}

	/** A county's flags on the dashboards, as far as the map reads them. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record CountyFlags(String visitCompliance) {
	}

	/** A town's line of the month. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record TownRow(long orgId, int rank) {
	}

	/** A child org of the city (a county), for its code on the map. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record ChildOrg(long id, String code) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Coverage(String month, List<CountyCoverage> counties, @Nullable CityCoverage city) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record CountyCoverage(long orgId, String name, long newSocialOrgs, long newSocialOrgsTarget, String flag,
			List<Indicator> indicators) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record CityCoverage(long newSocialOrgs, long newSocialOrgsTarget, String flag, List<Indicator> indicators) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Indicator(String key, String flag) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Ledger(int year, boolean current) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record LedgerTask(long id, String flag, int assignments) {
	}

	/**
	 * The answer of starting a scan sign-in: the session, or a problem (its code) when
	 * WeChat timed out.
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record ScanStarted(@Nullable String id, @Nullable String scene, @Nullable String secret, @Nullable String code) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record ScanState(String status, Responses.@Nullable Tokens tokens) {
	}

}
