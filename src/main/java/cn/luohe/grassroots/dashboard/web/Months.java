package cn.luohe.grassroots.dashboard.web;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.time.BusinessClock;
import org.jspecify.annotations.Nullable;

/** The {@code month} parameter: YYYY-MM, the current business month when absent. */
final class Months {

	private Months() {
	}

	static YearMonth parse(@Nullable String month, BusinessClock clock) {
		if (month == null || month.isBlank()) {
			return clock.currentMonth();
		}
		try {
			return YearMonth.parse(month.trim());
		}
		catch (DateTimeParseException ex) {
			throw ApiException.invalidField("month", "must be YYYY-MM");
		}
	}

}
