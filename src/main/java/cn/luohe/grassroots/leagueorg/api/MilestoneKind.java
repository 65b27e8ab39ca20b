package cn.luohe.grassroots.leagueorg.api;

/** The dated events the monthly forms and the targets count. */
public enum MilestoneKind {

	/** A middle school's league school (团校) founded; names the school. */
	LEAGUE_SCHOOL_FOUNDED("团校成立"),

	/** A league organisation's term election (换届) completed; names the organisation. */
	TERM_ELECTION_COMPLETED("完成换届"),

	/** A county's education working committee (教育团工委) founded. */
	EDUCATION_COMMITTEE_FOUNDED("教育团工委成立"),

	/**
	 * A standard activity room (标准化团员活动室, "六有") opened at a county or zone, or at a
	 * school (then names it).
	 */
	ACTIVITY_ROOM_OPENED("标准化团员活动室建成"),

	/** The county-level youth volunteer association (青年志愿者协会) founded. */
	COUNTY_VOLUNTEER_ASSOCIATION_FOUNDED("青年志愿者协会成立"),

	/** The county-level youth entrepreneurship service organisation founded. */
	COUNTY_ENTREPRENEURSHIP_ORG_FOUNDED("青年创业服务组织成立"),

	/** A town's youth volunteer team (青年志愿服务队) founded; names the town. */
	TOWN_VOLUNTEER_TEAM_FOUNDED("青年志愿服务队成立");

	private final String title;

	MilestoneKind(String title) {
		this.title = title;
	}

	/** What happened, in Chinese, as the live feed and the big screen show it (团校成立). */
	public String title() {
		return this.title;
	}

}
