package cn.luohe.grassroots.forms.internal;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Set;

import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.leagueorg.api.LeagueOrgRecording.Prepared;
import cn.luohe.grassroots.org.api.Org;
import reactor.core.publisher.Mono;

/**
 * Where the forms' lines come from: the league-organisation records of a filler unit's
 * month. The forms keep no lines of their own; a line the filler adds becomes a record
 * here, so every other count sees it too.
 */
interface FormRecords {

	/**
	 * The forms {@code unit} fills: a county-level unit both, a department those of the
	 * domains it is responsible for.
	 */
	Mono<Set<FormKind>> kindsFilledBy(Org unit);

	/**
	 * The month's lines of {@code unit} for both forms (one read of the records), each
	 * form's in no particular order.
	 */
	Mono<Map<FormKind, List<Entry>>> entries(Org unit, YearMonth month);

	/**
	 * Reads and judges what a filler adds to a column (before the caller's transaction);
	 * its write records it (one statement, inside it) and answers its line.
	 */
	Mono<Prepared<Entry>> prepare(Caller caller, Org unit, FormKind kind, NewLine line);

	/** One line of a column: a name, the day it happened, and the record behind it. */
	record Entry(String column, String name, LocalDate date, String recordRef) {
	}

}
