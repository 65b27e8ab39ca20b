package cn.luohe.grassroots.leagueorg.internal;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.RoleBinding;
import cn.luohe.grassroots.leagueorg.api.Coverage;
import cn.luohe.grassroots.leagueorg.api.CoverageIndicator;
import cn.luohe.grassroots.leagueorg.api.Department;
import cn.luohe.grassroots.leagueorg.api.DepartmentResponsibilities;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgDirectory;
import cn.luohe.grassroots.org.api.OrgLevel;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * The coverage dashboard as a caller may see it: city-level readers every county and the
 * city; county-level readers their own counties (no sibling, no city totals); department
 * staff every county and the city, with only the indicators of their departments.
 */
@Service
public class CoverageReader {

	/** Whose indicators are whose (附件3's responsible departments). */
	static final Map<CoverageIndicator, Department> OWNERS = owners();

	private final CoverageService coverage;

	private final OrgDirectory orgs;

	private final DepartmentResponsibilities departments;

	CoverageReader(CoverageService coverage, OrgDirectory orgs, DepartmentResponsibilities departments) {
		this.coverage = coverage;
		this.orgs = orgs;
		this.departments = departments;
	}

	public Mono<Answer> read(Caller caller, int year, @Nullable Long countyId, @Nullable YearMonth month) {
		Set<Department> mine = this.departments.departmentsOf(caller);
		if (!caller.hasAnyRole(LeagueScope.READERS) && mine.isEmpty()) {
			return Mono.error(ApiException.forbiddenRole());
		}
		Mono<Org> narrowed = (countyId != null)
				? this.orgs.findById(countyId)
					.switchIfEmpty(Mono.error(() -> ApiException.invalidField("countyId", "no org has this id")))
					.flatMap(org -> (org.level() == OrgLevel.COUNTY) ? Mono.just(org)
							: Mono.error(ApiException.invalidField("countyId", "must be a county-level unit")))
				: Mono.empty();
		return narrowed.map(java.util.Optional::of)
			.defaultIfEmpty(java.util.Optional.empty())
			.flatMap(county -> this.coverage.coverage(year, month)
				.flatMap(found -> this.orgs.findAllById(found.counties().stream().map(Coverage.Unit::orgId).toList())
					.collectMap(Org::id)
					.map(byId -> filter(caller, mine, found, county.orElse(null), byId))));
	}

	private Answer filter(Caller caller, Set<Department> mine, Coverage found, @Nullable Org county,
			Map<Long, Org> byId) {
		boolean cityLevel = caller.bindings()
			.stream()
			.anyMatch(b -> LeagueScope.READERS.contains(b.role()) && b.org().level() == OrgLevel.CITY);
		List<Coverage.Unit> counties = new ArrayList<>();
		Set<CoverageIndicator> shown = EnumSet.allOf(CoverageIndicator.class);
		boolean departmentOnly = false;
		for (Coverage.Unit unit : found.counties()) {
			Org org = byId.get(unit.orgId());
			if (org == null || (county != null && org.id() != county.id())) {
				continue;
			}
			if (readsGeographically(caller, org)) {
				counties.add(unit);
			}
			else if (!mine.isEmpty()) {
				counties.add(unit);
				departmentOnly = true;
			}
		}
		if (county != null && counties.isEmpty()) {
			throw ApiException.forbiddenScope();
		}
		if (departmentOnly) {
			shown = EnumSet.noneOf(CoverageIndicator.class);
			for (Map.Entry<CoverageIndicator, Department> owner : OWNERS.entrySet()) {
				if (mine.contains(owner.getValue())) {
					shown.add(owner.getKey());
				}
			}
		}
		Coverage.Unit city = (county == null && (cityLevel || !mine.isEmpty())) ? found.city() : null;
		List<Coverage.Unit> filtered = new ArrayList<>();
		for (Coverage.Unit unit : counties) {
			filtered.add(only(unit, shown));
		}
		return new Answer(found, filtered, (city != null) ? only(city, shown) : null, byId);
	}

	private static boolean readsGeographically(Caller caller, Org county) {
		for (RoleBinding binding : caller.bindings()) {
			if (LeagueScope.READERS.contains(binding.role()) && binding.covers(county)) {
				return true;
			}
		}
		return false;
	}

	private static Coverage.Unit only(Coverage.Unit unit, Set<CoverageIndicator> shown) {
		return new Coverage.Unit(unit.orgId(), unit.newSocialOrgs(), unit.newSocialOrgsTarget(), unit.flag(),
				unit.indicators().stream().filter(i -> shown.contains(i.key())).toList());
	}

	private static Map<CoverageIndicator, Department> owners() {
		Map<CoverageIndicator, Department> owners = new EnumMap<>(CoverageIndicator.class);
		for (CoverageIndicator key : CoverageIndicator.values()) {
			owners.put(key, switch (key) {
				case SCHOOL_COVERAGE, SCHOOL_ACTIVITY_ROOMS, LEAGUE_SCHOOLS, EDUCATION_COMMITTEE ->
					Department.SCHOOL_AND_YOUNG_PIONEERS;
				case PARTY_ORGANIZED_PRIVATE_ENTERPRISES, INDUSTRIAL_PARKS, ABOVE_SIZE_ENTERPRISES, STATE_ENTERPRISES ->
					Department.YOUTH_DEVELOPMENT;
				case TOP_PRIVATE_ENTERPRISES, FEDERATION_ENTERPRISES -> Department.UNITED_FRONT;
				case LEAGUE_SOCIAL_ORGANIZATIONS, LEAGUE_SOCIAL_ORGANIZATION_COUNT, RIDE_HAILING, EXPRESS_DELIVERY ->
					Department.SOCIAL_LIAISON;
				case TOWNS_WITH_VOLUNTEER_TEAM, COUNTY_TWO_TEAMS, YOUTH_HOMES_ONBOARDED, ORGANIZATIONS_PER_HOME,
						ACTIVITY_ROOMS, SOCIAL_GROWTH ->
					Department.ORGANIZATION;
			});
		}
		return owners;
	}

	/** What the caller sees; {@code orgs} names the counties. */
	public record Answer(Coverage coverage, List<Coverage.Unit> counties, Coverage.@Nullable Unit city,
			Map<Long, Org> orgs) {
	}

}
