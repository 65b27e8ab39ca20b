package cn.luohe.grassroots.visit.internal;

import java.time.LocalDate;

/**
 * The visit-week rule: days {@code firstDay}..{@code lastDay} of every month, judged on
 * the business date (Asia/Shanghai).
 */
record VisitWeek(int firstDay, int lastDay) {

	boolean contains(LocalDate date) {
		int day = date.getDayOfMonth();
		return day >= this.firstDay && day <= this.lastDay;
	}

}
