package cn.luohe.grassroots.leagueorg.internal;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One maintained row of {@code org_building_count}: a county-level unit's figures as of a
 * month's last day, by column name (the reconciliation compares them column by column).
 */
record CountRow(long countyId, LocalDate month, Map<String, Long> figures) {

	static final String[] COLUMNS = { "school_units", "school_covered", "party_private_units", "party_private_covered",
			"parks", "parks_covered", "above_size_units", "above_size_covered", "state_units", "state_covered",
			"league_social_units", "league_social_covered", "top_units", "top_covered", "federation_units",
			"federation_covered", "ride_units", "ride_covered", "express_units", "express_covered", "middle_schools",
			"league_schools", "room_schools", "room_schools_with_room", "county_rooms", "towns", "towns_with_team",
			"two_teams", "education_committee", "social_founded", "social_dissolved", "social_at_year_start" };

	long get(String column) {
		Long value = this.figures.get(column);
		if (value == null) {
			throw new IllegalArgumentException("No column " + column);
		}
		return value;
	}

	/**
	 * The same figures read for a later month with no record in between: the as-of
	 * figures stand; in a later year nothing is new yet and the year starts with what was
	 * active.
	 */
	CountRow carriedTo(LocalDate laterMonth) {
		if (laterMonth.getYear() == this.month.getYear()) {
			return new CountRow(this.countyId, laterMonth, this.figures);
		}
		Map<String, Long> next = new LinkedHashMap<>(this.figures);
		next.put("social_at_year_start", get("social_at_year_start") + get("social_founded") - get("social_dissolved"));
		next.put("social_founded", 0L);
		next.put("social_dissolved", 0L);
		return new CountRow(this.countyId, laterMonth, next);
	}

	/**
	 * A unit with nothing recorded yet: every figure 0 but its towns, which are there
	 * whether or not anything was recorded (the denominator of the towns' volunteer
	 * teams).
	 */
	static CountRow empty(long countyId, LocalDate month, long towns) {
		Map<String, Long> figures = new LinkedHashMap<>();
		for (String column : COLUMNS) {
			figures.put(column, 0L);
		}
		figures.put("towns", towns);
		return new CountRow(countyId, month, figures);
	}

}
