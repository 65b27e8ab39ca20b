package cn.luohe.grassroots.correction.api;

import java.time.Duration;

import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.org.api.Org;
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
	 * town-month. Refused for a voided record.
	 */
	Mono<Void> correct(Caller caller, Correctable record, String reason, Object after, Mono<Void> update);

	/** Whether the caller administers {@code org}, and so sees its voided records. */
	boolean seesVoided(Caller caller, Org org);

	/** How long an author may correct or void their own record. */
	Duration window();

}
