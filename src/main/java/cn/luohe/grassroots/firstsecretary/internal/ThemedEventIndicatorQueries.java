package cn.luohe.grassroots.firstsecretary.internal;

import java.time.YearMonth;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.firstsecretary.api.ThemedEventIndicators;
import cn.luohe.grassroots.org.api.Org;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * One statement for all the counties asked; a county's events found by their town's path.
 */
@Component
class ThemedEventIndicatorQueries implements ThemedEventIndicators {

	private final DatabaseClient db;

	ThemedEventIndicatorQueries(DatabaseClient db) {
		this.db = db;
	}

	@Override
	public Mono<Map<Long, MonthsWithEvents>> monthsWithEvents(Collection<Org> counties, YearMonth from, YearMonth to) {
		if (counties.isEmpty()) {
			return Mono.just(Map.of());
		}
		long months = Math.max(0, from.until(to, java.time.temporal.ChronoUnit.MONTHS) + 1);
		return this.db.sql("""
				SELECT c.id,
				       (SELECT count(DISTINCT e.month)
				          FROM themed_event e JOIN org_unit t ON t.id = e.town_id
				         WHERE t.path LIKE c.path || '%' AND e.month BETWEEN :from AND :to
				           AND e.voided_at IS NULL) AS met
				  FROM unnest(CAST(:ids AS bigint[]), CAST(:paths AS text[])) AS c(id, path)
				""")
			.bind("ids", counties.stream().map(Org::id).toArray(Long[]::new))
			.bind("paths", counties.stream().map(Org::path).toArray(String[]::new))
			.bind("from", from.atDay(1))
			.bind("to", to.atDay(1))
			.map(row -> Map.entry(Params.required(row.get("id", Long.class)),
					new MonthsWithEvents(Params.required(row.get("met", Long.class)), months)))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue, HashMap::new);
	}

}
