package cn.luohe.grassroots.leagueorg.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.common.time.BusinessDate;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** Requests and views of host units, league organisations, milestones and coverage. */
final class LeagueOrgViews {

	private LeagueOrgViews() {
	}

	record CreateHostUnitRequest(@NotBlank @Size(max = 100) String name, @NotNull Long countyId, @Nullable Long townId,
			@NotNull @Size(max = 40) String kind, @Nullable Boolean eligible, @Nullable Boolean partyOrganized,
			@Nullable Boolean aboveDesignatedSize, @Nullable Boolean youthFederationMember,
			@Nullable Boolean youngEntrepreneurMember, @Nullable Boolean provincialTop100, @Nullable Boolean cityTop20,
			@Nullable @Size(max = 20) String parkLevel, @Nullable Long parkId) {
	}

	/** Attributes to correct; absent ones keep their value. */
	/**
	 * The attributes a host unit's recorders may correct; {@code others} collects any
	 * other field sent (name, kind, county), which the controller refuses instead of
	 * ignoring.
	 */
	record UpdateHostUnitRequest(@Nullable Boolean eligible, @Nullable Boolean partyOrganized,
			@Nullable Boolean aboveDesignatedSize, @Nullable Boolean youthFederationMember,
			@Nullable Boolean youngEntrepreneurMember, @Nullable Boolean provincialTop100, @Nullable Boolean cityTop20,
			@Nullable @Size(max = 20) String parkLevel, @Nullable Long parkId,
			@JsonAnySetter @Nullable Map<String, Object> others) {
	}

	record HostUnitView(long id, String name, long countyId, @Nullable Long townId, String kind, String domain,
			boolean eligible, boolean partyOrganized, boolean aboveDesignatedSize, boolean youthFederationMember,
			boolean youngEntrepreneurMember, boolean provincialTop100, boolean cityTop20, @Nullable String parkLevel,
			@Nullable Long parkId, Instant createdAt) {
	}

	record CreateLeagueOrgRequest(@NotBlank @Size(max = 100) String name, @NotNull @Size(max = 40) String type,
			@NotNull Long hostUnitId, @NotNull LocalDate foundedOn, @Nullable Boolean teacherBranch,
			@Nullable Long parentId) {
	}

	record DissolveRequest(@NotNull LocalDate dissolvedOn, @NotBlank @Size(max = 500) String reason) {
	}

	record LeagueOrgView(long id, String name, String type, long hostUnitId, String hostUnitName, String hostUnitKind,
			long countyId, String domain, @Nullable Long parentId, LocalDate foundedOn, boolean teacherBranch,
			String status, @Nullable LocalDate dissolvedOn, @Nullable String dissolutionReason, Instant createdAt,
			@Nullable Instant voidedAt) {
	}

	record CreateMilestoneRequest(@NotNull @Size(max = 60) String kind, @Nullable Long countyId, @Nullable Long townId,
			@Nullable Long hostUnitId, @Nullable Long leagueOrgId, @NotNull @BusinessDate LocalDate occurredOn,
			@Nullable @Size(max = 500) String note) {
	}

	record MilestoneView(long id, String kind, long countyId, @Nullable Long townId, @Nullable Long hostUnitId,
			@Nullable Long leagueOrgId, LocalDate occurredOn, @Nullable String note, String subjectName,
			Instant createdAt) {
	}

	record IndicatorView(String key, String measure, long numerator, @Nullable Long denominator, @Nullable Double rate,
			double target, String flag) {
	}

	record CountyCoverageView(long orgId, String name, long newSocialOrgs, long newSocialOrgsTarget, String flag,
			List<IndicatorView> indicators) {
	}

	record CityCoverageView(long newSocialOrgs, long newSocialOrgsTarget, String flag, List<IndicatorView> indicators) {
	}

	record CoverageView(int year, String month, double elapsed, List<CountyCoverageView> counties,
			@Nullable CityCoverageView city) {
	}

	record SetTargetsRequest(@NotNull Integer year, @Nullable Long countyId,
			@NotNull Map<String, @NotNull BigDecimal> targets) {
	}

	record TargetsView(int year, @Nullable Long countyId, Map<String, Double> targets) {
	}

	record DifferenceView(long countyId, String month, String figure, long maintained, long recounted) {
	}

	record ReconciliationView(int checked, List<DifferenceView> differences) {
	}

}
