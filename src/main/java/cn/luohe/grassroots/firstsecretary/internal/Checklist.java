package cn.luohe.grassroots.firstsecretary.internal;

import java.time.YearMonth;
import java.util.List;

import org.jspecify.annotations.Nullable;

/** What a month still asks of a Youth Home manager or a first branch secretary. */
public record Checklist(YearMonth month, List<HomeItem> youthHomes, List<VillageItem> villages) {

	/** A managed home: activities logged against the monthly target. */
	public record HomeItem(long youthHomeId, String name, long activitiesLogged, int activitiesRequired, boolean done) {
	}

	/**
	 * A village with a first secretary: the month's theme and whether its event is
	 * logged.
	 */
	public record VillageItem(long villageId, String name, @Nullable ThemeBrief theme, boolean themedEventLogged,
			boolean done) {
	}

	public record ThemeBrief(long id, String title, @Nullable String description) {
	}

}
