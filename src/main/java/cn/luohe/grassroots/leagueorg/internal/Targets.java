package cn.luohe.grassroots.leagueorg.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The target rows up to a year and how one is resolved: a unit's own row of the latest
 * year up to the one asked (carried forward), else the DEFAULT row the same way.
 */
final class Targets {

	static final String DEFAULT = "DEFAULT";

	static final String NEW_SOCIAL_ORGS = "newSocialOrgs";

	static final String SOCIAL_BASELINE = "socialBaseline";

	private final int year;

	/** unit code → indicator → rows by year (ascending). */
	private final Map<String, Map<String, List<Row>>> rows = new LinkedHashMap<>();

	Targets(int year, List<Row> rows) {
		this.year = year;
		for (Row row : rows) {
			if (row.year() <= year) {
				this.rows.computeIfAbsent(row.unitCode(), k -> new LinkedHashMap<>())
					.computeIfAbsent(row.indicator(), k -> new ArrayList<>())
					.add(row);
			}
		}
	}

	/** The unit's own target, carried forward, or null. */
	@Nullable Double own(String unitCode, String indicator) {
		List<Row> found = this.rows.getOrDefault(unitCode, Map.of()).get(indicator);
		if (found == null || found.isEmpty()) {
			return null;
		}
		Row latest = found.get(0);
		for (Row row : found) {
			if (row.year() > latest.year()) {
				latest = row;
			}
		}
		return latest.target().doubleValue();
	}

	/** The unit's target, else the default; 0 when neither exists. */
	double of(String unitCode, String indicator) {
		Double own = own(unitCode, indicator);
		if (own != null) {
			return own;
		}
		Double fallback = own(DEFAULT, indicator);
		return (fallback != null) ? fallback : 0;
	}

	int year() {
		return this.year;
	}

	record Row(int year, String unitCode, String indicator, BigDecimal target) {
	}

}
