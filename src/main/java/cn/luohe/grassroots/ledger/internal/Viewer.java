package cn.luohe.grassroots.ledger.internal;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.leagueorg.api.Department;
import cn.luohe.grassroots.leagueorg.api.DepartmentResponsibilities;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgLevel;

/**
 * What of the ledger a caller sees: everything when bound at the city (admins, leaders,
 * city cadres); the assignments of the county-level units they are bound to (secretaries,
 * county cadres); the tasks their department (部室) is responsible for, with all their
 * assignments (department staff). Every task of the ledger is readable; its flag is
 * rolled up over the assignments the caller sees.
 *
 * @param departmentCodes org codes of the caller's departments
 */
record Viewer(Caller caller, boolean cityWide, Set<String> departmentCodes) {

	static final Set<Role> READERS = EnumSet.of(Role.CITY_ADMIN, Role.CITY_LEADER, Role.COUNTY_SECRETARY, Role.CADRE,
			Role.DEPARTMENT_STAFF);

	/** Who records progress: admins, and secretaries and cadres within their unit. */
	static final Set<Role> REPORTERS = EnumSet.of(Role.CITY_ADMIN, Role.COUNTY_SECRETARY, Role.CADRE);

	/** City cadres who supervise (约谈, 现场督导). */
	static final Set<Role> SUPERVISORS = EnumSet.of(Role.CITY_ADMIN, Role.CITY_LEADER, Role.CADRE);

	/** The caller as a ledger reader, with the codes of the departments they staff. */
	static Viewer of(Caller caller, DepartmentResponsibilities departments) {
		return of(caller, departments.departmentsOf(caller).stream().map(Department::code).collect(Collectors.toSet()));
	}

	static Viewer of(Caller caller, Set<String> departmentCodes) {
		if (!caller.hasAnyRole(READERS)) {
			throw ApiException.forbiddenRole();
		}
		boolean cityWide = caller.bindings()
			.stream()
			.anyMatch(b -> READERS.contains(b.role()) && b.org().level() == OrgLevel.CITY);
		return new Viewer(caller, cityWide, Set.copyOf(departmentCodes));
	}

	boolean sees(Org unit, Task task) {
		return sees(unit) || owns(task);
	}

	/** Whether the caller sees every assignment of {@code unit}. */
	boolean sees(Org unit) {
		return this.cityWide || !this.caller.bindingsCovering(unit, READERS).isEmpty();
	}

	/**
	 * Whether the caller may narrow assignments to {@code unit}: a unit they see, or, for
	 * a department's staff, any unit an assignment of their tasks can have (a
	 * county-level unit, or the city for city-level units), of which they are shown their
	 * tasks' assignments only.
	 */
	boolean filters(Org unit) {
		return sees(unit) || !this.departmentCodes.isEmpty()
				&& (unit.level() == OrgLevel.COUNTY || unit.level() == OrgLevel.CITY);
	}

	/** Whether the caller's department is responsible for the task. */
	boolean owns(Task task) {
		return this.departmentCodes.contains(task.departmentCode());
	}

	/**
	 * Whether the caller supervises the task's assignments: a city-level cadre, or staff
	 * of its department.
	 */
	boolean supervises(Task task) {
		return owns(task) || this.caller.bindings()
			.stream()
			.anyMatch(b -> SUPERVISORS.contains(b.role()) && b.org().level() == OrgLevel.CITY);
	}

}
