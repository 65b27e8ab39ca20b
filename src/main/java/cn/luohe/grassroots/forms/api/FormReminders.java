package cn.luohe.grassroots.forms.api;

import java.time.YearMonth;

import reactor.core.publisher.Flux;

/**
 * What a reminder about the monthly forms needs, in one query: the filler units that have
 * not submitted a month, and how many days are left until the 28th (Asia/Shanghai).
 */
public interface FormReminders {

	/** Every county-level unit and department without a submission of {@code month}. */
	Flux<PendingForms> pending(YearMonth month);

}
