package cn.luohe.grassroots.org.api;

/**
 * Levels of the league's org tree, top first. {@code DEPARTMENT} is last on purpose: a
 * department (部室) of the city committee sits under the city, is no geographic parent of
 * anything, and keeps the ordinals of the geographic levels (their depth in a path).
 */
public enum OrgLevel {

	CITY, COUNTY, TOWN, VILLAGE, DEPARTMENT

}
