package cn.luohe.grassroots.leagueorg.api;

/** The level of an industrial park (国家级, 省级, 市级, 县级). */
public enum ParkLevel {

	NATIONAL, PROVINCIAL, CITY, COUNTY

}
