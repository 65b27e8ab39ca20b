package cn.luohe.grassroots.leagueorg.internal;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.identity.api.RoleBinding;
import cn.luohe.grassroots.leagueorg.api.Department;
import cn.luohe.grassroots.leagueorg.api.DepartmentResponsibilities;
import cn.luohe.grassroots.leagueorg.api.HostUnitProfile;
import cn.luohe.grassroots.leagueorg.api.LeagueDomain;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgDirectory;
import cn.luohe.grassroots.org.api.OrgLevel;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/** Departments of a caller read from their DEPARTMENT_STAFF bindings (no I/O). */
@Component
class DepartmentRegistry implements DepartmentResponsibilities {

	private final OrgDirectory orgs;

	DepartmentRegistry(OrgDirectory orgs) {
		this.orgs = orgs;
	}

	@Override
	public Set<Department> departmentsOf(Caller caller) {
		Set<Department> departments = EnumSet.noneOf(Department.class);
		for (RoleBinding binding : caller.bindings()) {
			if (binding.role() == Role.DEPARTMENT_STAFF) {
				departmentOf(binding.org()).ifPresent(departments::add);
			}
		}
		return departments;
	}

	@Override
	public Set<LeagueDomain> domainsOf(Caller caller) {
		Set<LeagueDomain> domains = EnumSet.noneOf(LeagueDomain.class);
		departmentsOf(caller).forEach(d -> domains.addAll(d.domains()));
		return domains;
	}

	@Override
	public boolean covers(Caller caller, HostUnitProfile unit) {
		return departmentsOf(caller).stream().anyMatch(d -> d.covers(unit));
	}

	@Override
	public Mono<Department> requireDepartment(long orgId) {
		return this.orgs.require(orgId)
			.flatMap(org -> Mono.justOrEmpty(departmentOf(org))
				.switchIfEmpty(Mono.error(() -> ApiException.unprocessable("NOT_A_DEPARTMENT",
						org.name() + " is a " + org.level() + ", not a department"))));
	}

	@Override
	public Optional<Department> departmentOf(Org org) {
		return (org.level() == OrgLevel.DEPARTMENT) ? Department.ofCode(org.code()) : Optional.empty();
	}

}
