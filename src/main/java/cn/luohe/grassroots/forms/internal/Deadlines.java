package cn.luohe.grassroots.forms.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;

import cn.luohe.grassroots.common.time.BusinessClock;

import org.springframework.stereotype.Component;

/** The 28th of each month, judged in Asia/Shanghai with the one clock. */
@Component
class Deadlines {

	private final BusinessClock clock;

	private final FormsProperties properties;

	Deadlines(BusinessClock clock, FormsProperties properties) {
		this.clock = clock;
		this.properties = properties;
	}

	/** The day a month's forms are due by. */
	LocalDate dueOn(YearMonth month) {
		return month.atDay(this.properties.submissionDay());
	}

	/** The first instant after the due day: a submission from then on is late. */
	Instant deadline(YearMonth month) {
		return BusinessClock.startOfDay(dueOn(month).plusDays(1));
	}

	boolean isPast(YearMonth month) {
		return !this.clock.now().isBefore(deadline(month));
	}

	/** Days from today to the due day (0 on the day, negative after it). */
	long daysLeft(YearMonth month) {
		return ChronoUnit.DAYS.between(this.clock.today(), dueOn(month));
	}

	/** The status of a month without a submission. */
	FormStatus unsubmitted(YearMonth month) {
		return isPast(month) ? FormStatus.MISSING : FormStatus.DRAFT;
	}

}
