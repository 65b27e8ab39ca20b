package cn.luohe.grassroots.leagueorg.internal;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.identity.api.RoleBinding;
import cn.luohe.grassroots.leagueorg.api.Department;
import cn.luohe.grassroots.leagueorg.api.DepartmentResponsibilities;
import cn.luohe.grassroots.leagueorg.api.HostUnitKind;
import cn.luohe.grassroots.leagueorg.api.HostUnitProfile;
import cn.luohe.grassroots.leagueorg.api.MilestoneKind;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgDirectory;
import cn.luohe.grassroots.org.api.OrgLevel;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Who does what: a county's secretaries and staff (CADRE) record and read their county's
 * units, organisations and milestones; city admins everything, city leaders read
 * everything; department staff record and read, city-wide, only the host units their
 * department covers. Siblings see nothing of each other.
 */
@Component
class LeagueScope {

	/** Roles that record for the places their binding covers. */
	static final Set<Role> RECORDERS = EnumSet.of(Role.CITY_ADMIN, Role.COUNTY_SECRETARY, Role.CADRE);

	/** Roles that read the places their binding covers. */
	static final Set<Role> READERS = EnumSet.of(Role.CITY_ADMIN, Role.CITY_LEADER, Role.COUNTY_SECRETARY, Role.CADRE);

	private final OrgDirectory orgs;

	private final DepartmentResponsibilities departments;

	LeagueScope(OrgDirectory orgs, DepartmentResponsibilities departments) {
		this.orgs = orgs;
		this.departments = departments;
	}

	/**
	 * The county-level unit (or the city, for 市直 units) of {@code countyId}: NOT_FOUND,
	 * 400 when it is neither.
	 */
	Mono<Org> unitOrg(long countyId, String field) {
		return this.orgs.findById(countyId)
			.switchIfEmpty(Mono.error(() -> ApiException.invalidField(field, "no org has this id")))
			.flatMap(org -> (org.level() == OrgLevel.COUNTY || org.level() == OrgLevel.CITY) ? Mono.just(org)
					: Mono.error(ApiException.invalidField(field,
							org.name() + " is a " + org.level() + ", not a county-level unit or the city")));
	}

	/**
	 * Checks that the caller may record a host unit like {@code unit} of {@code county}.
	 */
	void requireRecord(Caller caller, Org county, HostUnitProfile unit) {
		require(caller, county, unit, RECORDERS);
	}

	void requireRead(Caller caller, Org county, HostUnitProfile unit) {
		require(caller, county, unit, READERS);
	}

	/**
	 * Milestones with no host unit (county or town ones): the geographic roles, and the
	 * department responsible ({@link #departmentFor}).
	 */
	void requireMilestone(Caller caller, Org county, MilestoneKind kind, @Nullable HostUnitProfile unit,
			boolean write) {
		if (unit != null) {
			require(caller, county, unit, write ? RECORDERS : READERS);
			return;
		}
		Set<Role> roles = write ? RECORDERS : READERS;
		if (geographic(caller, county, roles)) {
			return;
		}
		if (this.departments.departmentsOf(caller).contains(departmentFor(kind)) && sameCity(caller, county)) {
			return;
		}
		throw refusal(caller, roles);
	}

	/** Whether the caller may read a milestone (list filtering; never throws). */
	boolean mayRead(Caller caller, Org county, MilestoneKind kind, @Nullable HostUnitProfile unit) {
		try {
			requireMilestone(caller, county, kind, unit, false);
			return true;
		}
		catch (ApiException ex) {
			return false;
		}
	}

	/**
	 * The department responsible for a county or town milestone: 学校少年部 the education
	 * working committee, 组织部 the rest (activity rooms of the county, the county-level
	 * teams, the towns' volunteer teams: 附件3's 县区直 and 乡镇 rows).
	 */
	static Department departmentFor(MilestoneKind kind) {
		return (kind == MilestoneKind.EDUCATION_COMMITTEE_FOUNDED) ? Department.SCHOOL_AND_YOUNG_PIONEERS
				: Department.ORGANIZATION;
	}

	/**
	 * What the caller may read, for lists: FORBIDDEN_ROLE without any role that reads.
	 * {@code county} narrows to one county-level unit (FORBIDDEN_SCOPE when the caller
	 * reaches nothing of it).
	 */
	ReadScope readScope(Caller caller, @Nullable Org county) {
		Set<Department> mine = this.departments.departmentsOf(caller);
		if (!caller.hasAnyRole(READERS) && mine.isEmpty()) {
			throw ApiException.forbiddenRole();
		}
		if (county != null && geographic(caller, county, READERS)) {
			return ReadScope.EVERYTHING;
		}
		boolean all = false;
		List<Long> counties = new ArrayList<>();
		if (county == null) {
			for (RoleBinding binding : caller.bindings()) {
				if (!READERS.contains(binding.role())) {
					continue;
				}
				if (binding.org().level() == OrgLevel.CITY) {
					all = true;
				}
				else if (binding.org().level() == OrgLevel.COUNTY) {
					counties.add(binding.org().id());
				}
			}
		}
		if (all) {
			return ReadScope.EVERYTHING;
		}
		List<String> kinds = new ArrayList<>();
		boolean allPrivate = false;
		if (county == null || sameCity(caller, county)) {
			for (Department department : mine) {
				for (HostUnitKind kind : department.kinds()) {
					if (!kinds.contains(kind.name())) {
						kinds.add(kind.name());
					}
				}
				allPrivate |= department != Department.UNITED_FRONT
						&& department.kinds().contains(HostUnitKind.PRIVATE_ENTERPRISE);
			}
		}
		ReadScope scope = new ReadScope(false, counties, kinds, allPrivate);
		if (scope.isEmpty()) {
			throw ApiException.forbiddenScope();
		}
		return scope;
	}

	private void require(Caller caller, Org county, HostUnitProfile unit, Set<Role> roles) {
		if (geographic(caller, county, roles)) {
			return;
		}
		if (this.departments.covers(caller, unit) && sameCity(caller, county)) {
			return;
		}
		throw refusal(caller, roles);
	}

	private ApiException refusal(Caller caller, Set<Role> roles) {
		boolean anyRole = caller.hasAnyRole(roles) || !this.departments.departmentsOf(caller).isEmpty();
		return anyRole ? ApiException.forbiddenScope() : ApiException.forbiddenRole();
	}

	private static boolean geographic(Caller caller, Org county, Set<Role> roles) {
		return !caller.bindingsCovering(county, roles).isEmpty();
	}

	/**
	 * Whether one of the caller's departments belongs to the city above {@code county}.
	 */
	private boolean sameCity(Caller caller, Org county) {
		return caller.bindings()
			.stream()
			.filter(b -> b.role() == Role.DEPARTMENT_STAFF && this.departments.departmentOf(b.org()).isPresent())
			.anyMatch(b -> county.path().startsWith(cityPath(b.org())));
	}

	private static String cityPath(Org department) {
		String path = department.path();
		return path.substring(0, path.lastIndexOf('/', path.length() - 2) + 1);
	}

}
