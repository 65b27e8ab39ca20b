package cn.luohe.grassroots.leagueorg.api;

import java.time.YearMonth;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The coverage figures of every county-level unit and the city (the ledger reads its
 * activity rooms and Youth Home onboarding from here). No scope check here.
 */
public interface CoverageFigures {

	/** The first year whose figures are counted (no records reach further back). */
	int FIRST_YEAR = 2020;

	/**
	 * The year up to {@code upTo} (a month of that year), or up to its last month (the
	 * current month for the current year) when null.
	 */
	Mono<Coverage> coverage(int year, @Nullable YearMonth upTo);

}
