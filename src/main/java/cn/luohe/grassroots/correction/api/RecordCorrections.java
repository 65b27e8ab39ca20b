package cn.luohe.grassroots.correction.api;

import java.time.Duration;
import java.time.YearMonth;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.org.api.Org;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The one way a record is corrected or voided, whatever its kind: the author within the
 * amendment window ({@code app.corrections.window}, 48 h) or an administrator covering
 * the record's org at any time, with a reason; a month closed by the county's submission
 * refuses with {@code MONTH_CLOSED}. Each call is one transaction with the caller's.
 */
public interface RecordCorrections {

	/**
	 * Voids the record: its {@code voided_*} columns, the audit row (before and after),
	 * the feed correction (its earlier events retracted) and the dirty mark of its
	 * town-month. A record voided already answers how it was voided, and nothing is
	 * written again.
	 */
	Mono<VoidResult> voidRecord(Caller caller, Correctable record, String reason);

	/**
	 * Corrects the record: checks as for a void, then {@code update} (the feature's own
	 * statement), the audit row (before, {@code after}) and the dirty mark of its
	 * town-month. Refused for a voided record. The reason may be null only where the
	 * feature lets its author correct without one (a visit within the window).
	 */
	Mono<Void> correct(Caller caller, Correctable record, @Nullable String reason, Object after, Mono<Void> update);

	/** Whether the caller administers {@code org}, and so sees its voided records. */
	boolean seesVoided(Caller caller, Org org);

	/** How long an author may correct or void their own record. */
	Duration window();

	/** The author's window is over; its hours are the bundle text's argument. */
	static ApiException amendWindowClosed(Duration window) {
		ApiException problem = ApiException.unprocessable("AMEND_WINDOW_CLOSED",
				"The author may correct or void a record for " + window.toHours() + " h; ask a secretary");
		return problem.withArgs(window.toHours());
	}

	/**
	 * The month is closed by the county's submission (for new records too); the month is
	 * the bundle text's argument.
	 */
	static ApiException monthClosed(YearMonth month) {
		ApiException problem = ApiException.unprocessable("MONTH_CLOSED",
				month + " is submitted for this county; a CITY_ADMIN must reopen it first");
		return problem.withArgs(month.toString());
	}

}
