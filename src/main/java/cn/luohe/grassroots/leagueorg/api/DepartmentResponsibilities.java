package cn.luohe.grassroots.leagueorg.api;

import java.util.Optional;
import java.util.Set;

import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.org.api.Org;
import reactor.core.publisher.Mono;

/**
 * Which domains and host units a caller's department covers, for every feature that
 * scopes records by department (league organisations, monthly forms, the work ledger).
 */
public interface DepartmentResponsibilities {

	/**
	 * The departments the caller is staff of (their DEPARTMENT_STAFF bindings), empty for
	 * everyone else.
	 */
	Set<Department> departmentsOf(Caller caller);

	/** The domains the caller's departments cover (empty without a department). */
	Set<LeagueDomain> domainsOf(Caller caller);

	/** Whether one of the caller's departments is responsible for {@code unit}. */
	boolean covers(Caller caller, HostUnitProfile unit);

	/**
	 * The department of an org of level DEPARTMENT, or NOT_FOUND / 422 NOT_A_DEPARTMENT.
	 */
	Mono<Department> requireDepartment(long orgId);

	/** The department {@code org} is, if it is one. */
	Optional<Department> departmentOf(Org org);

}
