package cn.luohe.grassroots.ledger.internal;

import java.util.EnumSet;
import java.util.Set;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgLevel;

/**
 * What of the ledger a caller sees: everything when bound at the city (admins, leaders,
 * city cadres); otherwise the assignments of the county-level units they are bound to
 * (secretaries, county cadres). Every task of the ledger is readable; its flag is rolled
 * up over the assignments the caller sees.
 */
record Viewer(Caller caller, boolean cityWide) {

	static final Set<Role> READERS = EnumSet.of(Role.CITY_ADMIN, Role.CITY_LEADER, Role.COUNTY_SECRETARY, Role.CADRE);

	/** Who records progress: admins, and secretaries and cadres within their unit. */
	static final Set<Role> REPORTERS = EnumSet.of(Role.CITY_ADMIN, Role.COUNTY_SECRETARY, Role.CADRE);

	/** City cadres who supervise (约谈, 现场督导). */
	static final Set<Role> SUPERVISORS = EnumSet.of(Role.CITY_ADMIN, Role.CITY_LEADER, Role.CADRE);

	static Viewer of(Caller caller) {
		if (!caller.hasAnyRole(READERS)) {
			throw ApiException.forbiddenRole();
		}
		boolean cityWide = caller.bindings()
			.stream()
			.anyMatch(b -> READERS.contains(b.role()) && b.org().level() == OrgLevel.CITY);
		return new Viewer(caller, cityWide);
	}

	boolean sees(Org unit) {
		return this.cityWide || !this.caller.bindingsCovering(unit, READERS).isEmpty();
	}

	/** A city-level reader, who may supervise. */
	boolean supervises() {
		return this.caller.bindings()
			.stream()
			.anyMatch(b -> SUPERVISORS.contains(b.role()) && b.org().level() == OrgLevel.CITY);
	}

}
