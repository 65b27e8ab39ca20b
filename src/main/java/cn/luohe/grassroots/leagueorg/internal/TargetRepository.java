package cn.luohe.grassroots.leagueorg.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

import cn.luohe.grassroots.common.db.Params;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

@Repository
class TargetRepository {

	private final DatabaseClient db;

	TargetRepository(DatabaseClient db) {
		this.db = db;
	}

	Mono<Targets> upTo(int year) {
		return this.db.sql("SELECT year, unit_code, indicator, target FROM org_building_target WHERE year <= :year")
			.bind("year", year)
			.map(row -> new Targets.Row(Params.required(row.get("year", Integer.class)),
					Params.required(row.get("unit_code", String.class)),
					Params.required(row.get("indicator", String.class)),
					Params.required(row.get("target", BigDecimal.class))))
			.all()
			.collectList()
			.map(rows -> new Targets(year, rows));
	}

	Mono<Void> set(int year, String unitCode, Map<String, BigDecimal> targets, long userId, Instant now) {
		return Flux.fromIterable(targets.entrySet())
			.concatMap(entry -> this.db.sql("""
					INSERT INTO org_building_target (year, unit_code, indicator, target, updated_by, updated_at)
					VALUES (:year, :unit, :indicator, :target, :user, :now)
					ON CONFLICT (unit_code, indicator, year)
					DO UPDATE SET target = EXCLUDED.target, updated_by = EXCLUDED.updated_by,
					              updated_at = EXCLUDED.updated_at
					""")
				.bind("year", year)
				.bind("unit", unitCode)
				.bind("indicator", entry.getKey())
				.bind("target", entry.getValue())
				.bind("user", userId)
				.bind("now", now)
				.then())
			.then();
	}

}
