package cn.luohe.grassroots.leagueorg.api;

/** The dated events the monthly forms and the targets count. */
public enum MilestoneKind {

	/** A middle school's league school (团校) founded; names the school. */
	LEAGUE_SCHOOL_FOUNDED,

	/** A league organisation's term election (换届) completed; names the organisation. */
	TERM_ELECTION_COMPLETED,

	/** A county's education working committee (教育团工委) founded. */
	EDUCATION_COMMITTEE_FOUNDED,

	/**
	 * A standard activity room (标准化团员活动室, "六有") opened at a county or zone, or at a
	 * school (then names it).
	 */
	ACTIVITY_ROOM_OPENED,

	/** The county-level youth volunteer association (青年志愿者协会) founded. */
	COUNTY_VOLUNTEER_ASSOCIATION_FOUNDED,

	/** The county-level youth entrepreneurship service organisation founded. */
	COUNTY_ENTREPRENEURSHIP_ORG_FOUNDED,

	/** A town's youth volunteer team (青年志愿服务队) founded; names the town. */
	TOWN_VOLUNTEER_TEAM_FOUNDED

}
