package cn.luohe.grassroots.identity.api;

import java.util.EnumSet;
import java.util.Set;

import cn.luohe.grassroots.org.api.OrgLevel;

/**
 * Roles of the league's hierarchy, highest rank first. YOUTH_HOME_MANAGER and
 * FIRST_SECRETARY rank equal; CADRE, DEPARTMENT_STAFF and those two grant nothing.
 */
public enum Role {

	CITY_ADMIN(5, EnumSet.of(OrgLevel.CITY)),

	CITY_LEADER(4, EnumSet.of(OrgLevel.CITY)),

	COUNTY_SECRETARY(3, EnumSet.of(OrgLevel.COUNTY)),

	CADRE(2, EnumSet.of(OrgLevel.CITY, OrgLevel.COUNTY)),

	YOUTH_HOME_MANAGER(1, EnumSet.of(OrgLevel.TOWN)),

	FIRST_SECRETARY(1, EnumSet.of(OrgLevel.VILLAGE)),

	/**
	 * Staff of a department (部室) of the city committee: bound to the department, whose
	 * scope is the domains it is responsible for (not a subtree of places). Granted by
	 * CITY_ADMIN and COUNTY_SECRETARY only; grants nothing.
	 */
	DEPARTMENT_STAFF(2, EnumSet.of(OrgLevel.DEPARTMENT));

	/** Roles that may invite to a department (the API outline's rule). */
	public static final Set<Role> DEPARTMENT_GRANTORS = EnumSet.of(CITY_ADMIN, COUNTY_SECRETARY);

	/** Roles whose holders may visit grassroots orgs (走基层). */
	public static final Set<Role> VISITORS = EnumSet.of(CITY_LEADER, COUNTY_SECRETARY, CADRE);

	/** Roles that administer their scope (registries, themes, invitations). */
	public static final Set<Role> ADMINISTRATORS = EnumSet.of(CITY_ADMIN, COUNTY_SECRETARY);

	/** Roles that read everything in their scope (dashboards, lists). */
	public static final Set<Role> OVERSEERS = EnumSet.of(CITY_ADMIN, CITY_LEADER, COUNTY_SECRETARY);

	private final int rank;

	private final Set<OrgLevel> boundTo;

	Role(int rank, Set<OrgLevel> boundTo) {
		this.rank = rank;
		this.boundTo = boundTo;
	}

	public int rank() {
		return this.rank;
	}

	/** The org levels a binding of this role may be attached to. */
	public Set<OrgLevel> boundTo() {
		return this.boundTo;
	}

	/**
	 * Whether holders of this role may grant {@code other} (never above their own rank).
	 */
	public boolean mayGrant(Role other) {
		if (other == DEPARTMENT_STAFF) {
			return DEPARTMENT_GRANTORS.contains(this);
		}
		return this.rank >= COUNTY_SECRETARY.rank && other.rank <= this.rank;
	}

}
