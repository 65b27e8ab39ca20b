package cn.luohe.grassroots.leagueorg.web;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * Typed answers of the host-unit, league-organisation and coverage endpoints, as far as
 * the tests read them.
 */
final class LeagueOrgTestViews {

	private LeagueOrgTestViews() {
	}

	/** A host unit (school, agency, enterprise, organisation). */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record HostUnit(long id, String name, long countyId, @Nullable Long townId, String kind, String domain,
			boolean eligible, boolean partyOrganized, boolean aboveDesignatedSize, boolean cityTop20) {
	}

	/** A league organisation. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record LeagueOrg(long id, String name, String hostUnitKind, long countyId, String domain, boolean teacherBranch,
			String status, @Nullable String dissolvedOn, @Nullable String dissolutionReason) {
	}

	/** The coverage dashboard of a year, at a month. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Coverage(int year, String month, double elapsed, List<CountyCoverage> counties,
			@Nullable CityCoverage city) {
	}

	/** A county's line of the coverage dashboard. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record CountyCoverage(long orgId, int newSocialOrgs, int newSocialOrgsTarget, String flag,
			List<Indicator> indicators) {
	}

	/** The city's line of the coverage dashboard. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record CityCoverage(int newSocialOrgs, int newSocialOrgsTarget, String flag, List<Indicator> indicators) {
	}

	/** One indicator of a county or the city. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Indicator(String key, int numerator, @Nullable Integer denominator, @Nullable Double rate, double target,
			String flag) {
	}

	/** The targets of a year (a county's, or the city's defaults). */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Targets(int year, @Nullable Long countyId, Map<String, Double> targets) {
	}

	/** A reconciliation of the maintained coverage counts against a recount. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Reconciliation(int checked, List<Difference> differences) {
	}

	/** A maintained figure that differed from its recount (and was repaired). */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Difference(long countyId, String month, String figure, int maintained, int recounted) {
	}

}
