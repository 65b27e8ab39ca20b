package cn.luohe.grassroots.ledger.internal;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.leagueorg.api.CoverageFigures;

/**
 * The years a ledger may have, one rule for its reads and its copies: from the first year
 * the records that measure its tasks are counted ({@link CoverageFigures#FIRST_YEAR}; an
 * earlier year's measured tasks could not be judged) to 2100. A year outside is refused
 * with 400 on its field before anything is read or written.
 */
final class LedgerYears {

	static final int FIRST = CoverageFigures.FIRST_YEAR;

	static final int LAST = 2100;

	private LedgerYears() {
	}

	/** VALIDATION_FAILED on {@code field} when {@code year} lies outside the rule. */
	static void require(int year, String field) {
		if (year < FIRST || year > LAST) {
			throw ApiException.invalidField(field, "must be a year from " + FIRST + " to " + LAST);
		}
	}

}
