package cn.luohe.grassroots.leagueorg.api;

/**
 * The coverage dashboard's indicators. A RATE compares numerator/denominator with a
 * fractional target; a COUNT compares the numerator with a target number (no
 * denominator). {@code key} is the wire name.
 */
public enum CoverageIndicator {

	/** 学校领域团组织覆盖率 ≥ 98 %: schools with an active league organisation. */
	SCHOOL_COVERAGE("schoolCoverage", Measure.RATE),

	/** 已建党且具备建团条件的非公企业 ≥ 40 %. */
	PARTY_ORGANIZED_PRIVATE_ENTERPRISES("partyOrganizedPrivateEnterprises", Measure.RATE),

	/** 国家级、省级、市级、县级园区 100 %. */
	INDUSTRIAL_PARKS("industrialParks", Measure.RATE),

	/** 规模以上企业 ≥ 60 %. */
	ABOVE_SIZE_ENTERPRISES("aboveSizeEnterprises", Measure.RATE),

	/** 属地国有企业 ≥ 80 %. */
	STATE_ENTERPRISES("stateEnterprises", Measure.RATE),

	/** 符合条件的团属社会组织 100 %. */
	LEAGUE_SOCIAL_ORGANIZATIONS("leagueSocialOrganizations", Measure.RATE),

	/** 每个县区至少 3 个团属社会组织建立团组织. */
	LEAGUE_SOCIAL_ORGANIZATION_COUNT("leagueSocialOrganizationCount", Measure.COUNT),

	/** 省民营100强、市民营20强 ≥ 90/95/100 %. */
	TOP_PRIVATE_ENTERPRISES("topPrivateEnterprises", Measure.RATE),

	/** 青联委员、青企协会员企业 ≥ 70/85/90 %. */
	FEDERATION_ENTERPRISES("federationEnterprises", Measure.RATE),

	/** 网约车企业 ≥ 30/50/60 %. */
	RIDE_HAILING("rideHailing", Measure.RATE),

	/** 快递企业 ≥ 30/50/60 %. */
	EXPRESS_DELIVERY("expressDelivery", Measure.RATE),

	/** 建立青年志愿服务队的街道乡镇 ≥ 40/60/80 %. */
	TOWNS_WITH_VOLUNTEER_TEAM("townsWithVolunteerTeam", Measure.RATE),

	/** 建立县级两支队伍的区县 ≥ 40 % (a county: 1 of 1 with both). */
	COUNTY_TWO_TEAMS("countyTwoTeams", Measure.RATE),

	/** 青年之家云平台入驻新增 (per county 5, zones 1; city-wide 20/30/20). */
	YOUTH_HOMES_ONBOARDED("youthHomesOnboarded", Measure.COUNT),

	/** 平均每个青年之家培育吸纳青年组织 ≥ 2/4/6 (youth organisations ÷ active homes). */
	ORGANIZATIONS_PER_HOME("organizationsPerHome", Measure.RATE),

	/** 标准化团员活动室 ≥ 3 per county (1 for 开发区, 示范区, 西城区). */
	ACTIVITY_ROOMS("activityRooms", Measure.COUNT),

	/** 每所中职中学、高校 1 个标准化团员活动室. */
	SCHOOL_ACTIVITY_ROOMS("schoolActivityRooms", Measure.RATE),

	/** 中学全部成立团校 (115 in all). */
	LEAGUE_SCHOOLS("leagueSchools", Measure.RATE),

	/** 全部县（区）建立教育团工委 (a county: 1 of 1). */
	EDUCATION_COMMITTEE("educationCommittee", Measure.RATE),

	/** 社会领域团的组织密度增长 ≥ 12 %: net new social organisations ÷ the year's baseline. */
	SOCIAL_GROWTH("socialGrowth", Measure.RATE);

	private final String key;

	private final Measure measure;

	CoverageIndicator(String key, Measure measure) {
		this.key = key;
		this.measure = measure;
	}

	public String key() {
		return this.key;
	}

	public Measure measure() {
		return this.measure;
	}

	/** How an indicator is judged. */
	public enum Measure {

		RATE, COUNT

	}

}
