package cn.luohe.grassroots.ledger.internal;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One row of the ledger: 领域类别, 主要内容, 完成时间 (a month; the deadline is its last day), 责任单位,
 * 团市委责任部室 (name and org code) and 责任人, with the indicators measuring it.
 */
public record Task(long id, int year, int position, String domain, String content, YearMonth deadlineMonth,
		List<String> responsibleUnits, String department, String departmentCode, String person,
		List<Indicator> indicators, @Nullable Integer target, @Nullable Integer smallUnitTarget) {

	public LocalDate deadline() {
		return this.deadlineMonth.atEndOfMonth();
	}

}
