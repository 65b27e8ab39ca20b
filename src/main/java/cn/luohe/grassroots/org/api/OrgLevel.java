package cn.luohe.grassroots.org.api;

/**
 * Levels of the league's org tree, top first. {@code DEPARTMENT} is last on purpose: a
 * department (部室) of the city committee sits under the city, is no geographic parent of
 * anything, and keeps the ordinals of the geographic levels (their depth in a path).
 */
public enum OrgLevel {

	CITY, COUNTY, TOWN, VILLAGE, DEPARTMENT;

	/**
	 * A geographic level's depth: the position of its org's code in a path, counting from
	 * the city's (0). Moves keep every org one level below its parent, so the depth holds
	 * for every path.
	 */
	public int depth() {
		return ordinal();
	}

}
