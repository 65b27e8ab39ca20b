package cn.luohe.grassroots.leagueorg.api;

/**
 * The two domains of league organisations (附件1's note): the school domain and the social
 * domain (everything else: social-sector count = all organisations − school-domain ones).
 */
public enum LeagueDomain {

	SCHOOL, SOCIAL

}
