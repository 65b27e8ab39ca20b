package cn.luohe.grassroots.org.api;

/** Levels of the league's org tree, top first. */
public enum OrgLevel {

	CITY, COUNTY, TOWN, VILLAGE

}
