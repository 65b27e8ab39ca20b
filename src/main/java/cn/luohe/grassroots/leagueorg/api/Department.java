package cn.luohe.grassroots.leagueorg.api;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The city committee's departments (部室), orgs of level DEPARTMENT under the city, and
 * what each is responsible for (附件3's 团市委责任部室 and section 一): 学校少年部 the school domain;
 * 组织部 the agencies (市直, 县区直) and the collection of the monthly forms; 青发部 state
 * enterprises, industrial parks and the private enterprises in them; 统战部 the private
 * enterprises of the youth federation (青联), the young entrepreneurs' association (青企协)
 * and the top-100/top-20 lists; 社联部 social organisations, league-affiliated ones and the
 * new sectors (ride-hailing, express delivery).
 */
public enum Department {

	/** 学校少年部. */
	SCHOOL_AND_YOUNG_PIONEERS("4111-XSB", "学校少年部", EnumSet.of(LeagueDomain.SCHOOL),
			EnumSet.of(HostUnitKind.MIDDLE_SCHOOL, HostUnitKind.VOCATIONAL_SCHOOL, HostUnitKind.TECHNICAL_SCHOOL,
					HostUnitKind.UNIVERSITY)),

	/** 组织部. */
	ORGANIZATION("4111-ZZB", "组织部", EnumSet.of(LeagueDomain.SOCIAL),
			EnumSet.of(HostUnitKind.CITY_AGENCY, HostUnitKind.COUNTY_AGENCY)),

	/** 青发部 (青年发展部). */
	YOUTH_DEVELOPMENT("4111-QFB", "青发部", EnumSet.of(LeagueDomain.SOCIAL),
			EnumSet.of(HostUnitKind.STATE_ENTERPRISE, HostUnitKind.INDUSTRIAL_PARK, HostUnitKind.PRIVATE_ENTERPRISE)),

	/** 统战部. */
	UNITED_FRONT("4111-TZB", "统战部", EnumSet.of(LeagueDomain.SOCIAL), EnumSet.of(HostUnitKind.PRIVATE_ENTERPRISE)),

	/** 社联部 (社会联络部). */
	SOCIAL_LIAISON("4111-SLB", "社联部", EnumSet.of(LeagueDomain.SOCIAL), EnumSet.of(HostUnitKind.SOCIAL_ORGANIZATION,
			HostUnitKind.LEAGUE_SOCIAL_ORGANIZATION, HostUnitKind.RIDE_HAILING, HostUnitKind.EXPRESS_DELIVERY));

	private final String code;

	private final String title;

	private final Set<LeagueDomain> domains;

	private final Set<HostUnitKind> kinds;

	Department(String code, String title, Set<LeagueDomain> domains, Set<HostUnitKind> kinds) {
		this.code = code;
		this.title = title;
		this.domains = domains;
		this.kinds = kinds;
	}

	/** The org code of the department ({@code 4111-XSB}). */
	public String code() {
		return this.code;
	}

	/** Its Chinese name (学校少年部). */
	public String title() {
		return this.title;
	}

	/** The domains its host units lie in. */
	public Set<LeagueDomain> domains() {
		return this.domains;
	}

	/**
	 * The host-unit kinds it looks after (统战部 only the member and ranked private
	 * enterprises among {@code PRIVATE_ENTERPRISE}: see {@link #covers}).
	 */
	public Set<HostUnitKind> kinds() {
		return this.kinds;
	}

	/** Whether the department is responsible for a host unit like {@code unit}. */
	public boolean covers(HostUnitProfile unit) {
		if (!this.kinds.contains(unit.kind())) {
			return false;
		}
		return this != UNITED_FRONT || unit.unitedFrontEnterprise();
	}

	/** 组织部 receives the monthly forms (附件4, 附件5) of every county and department. */
	public boolean receivesMonthlyForms() {
		return this == ORGANIZATION;
	}

	/** The department whose org has {@code code}. */
	public static Optional<Department> ofCode(String code) {
		return Arrays.stream(values()).filter(d -> d.code.equals(code)).findFirst();
	}

}
