package cn.luohe.grassroots.leagueorg.api;

/** 团委, 团工委, 团总支, 团支部, or a league-led youth organisation (团主导的青年组织). */
public enum LeagueOrgType {

	COMMITTEE, WORKING_COMMITTEE, GENERAL_BRANCH, BRANCH, YOUTH_ORGANIZATION

}
