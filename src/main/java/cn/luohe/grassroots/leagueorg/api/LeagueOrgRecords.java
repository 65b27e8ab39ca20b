package cn.luohe.grassroots.leagueorg.api;

import java.time.YearMonth;

import cn.luohe.grassroots.org.api.Org;
import reactor.core.publisher.Mono;

/**
 * The records of a month for the monthly forms (附件4, 附件5). No scope check here: the
 * caller checks its own caller against {@code unit} first.
 */
public interface LeagueOrgRecords {

	/**
	 * The month's records of {@code unit}: a county-level unit's own host units; a
	 * department's, city-wide, those it is responsible for ({@link Department#covers});
	 * the city's, everything.
	 */
	Mono<MonthRecords> monthOf(Org unit, YearMonth month);

}
