package cn.luohe.grassroots.leagueorg.api;

/**
 * What a host unit (建团单位) is; its {@link #domain()} is the domain of every league
 * organisation it hosts.
 */
public enum HostUnitKind {

	/** 中学. */
	MIDDLE_SCHOOL(LeagueDomain.SCHOOL),

	/** 中等职业学校 (中职). */
	VOCATIONAL_SCHOOL(LeagueDomain.SCHOOL),

	/** 技工学校. */
	TECHNICAL_SCHOOL(LeagueDomain.SCHOOL),

	/** 高校 (the city's four colleges). */
	UNIVERSITY(LeagueDomain.SCHOOL),

	/** 市直机关事业单位. */
	CITY_AGENCY(LeagueDomain.SOCIAL),

	/** 县（区）直机关事业单位. */
	COUNTY_AGENCY(LeagueDomain.SOCIAL),

	/** 国有企业. */
	STATE_ENTERPRISE(LeagueDomain.SOCIAL),

	/** 非公企业. */
	PRIVATE_ENTERPRISE(LeagueDomain.SOCIAL),

	/** 产业园区 / 产业集聚区 (with a {@link ParkLevel}). */
	INDUSTRIAL_PARK(LeagueDomain.SOCIAL),

	/** 社会组织. */
	SOCIAL_ORGANIZATION(LeagueDomain.SOCIAL),

	/** 团属社会组织. */
	LEAGUE_SOCIAL_ORGANIZATION(LeagueDomain.SOCIAL),

	/** 网约车企业. */
	RIDE_HAILING(LeagueDomain.SOCIAL),

	/** 快递企业. */
	EXPRESS_DELIVERY(LeagueDomain.SOCIAL);

	private final LeagueDomain domain;

	HostUnitKind(LeagueDomain domain) {
		this.domain = domain;
	}

	public LeagueDomain domain() {
		return this.domain;
	}

	/**
	 * Whether this kind is a school (middle, vocational, technical school or college).
	 */
	public boolean isSchool() {
		return this.domain == LeagueDomain.SCHOOL;
	}

}
