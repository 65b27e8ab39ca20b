package cn.luohe.grassroots.forms.api;

import java.time.LocalDate;

/**
 * A filler unit (a county-level unit or a department) that has not submitted its forms of
 * a month: the day they are due by and the days left until then (0 on the day itself,
 * negative once overdue).
 */
public record PendingForms(long unitId, String unitCode, String unitName, String unitLevel, LocalDate dueOn,
		long daysLeft) {

	public boolean overdue() {
		return this.daysLeft < 0;
	}

}
