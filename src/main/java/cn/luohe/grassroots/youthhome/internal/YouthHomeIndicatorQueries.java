package cn.luohe.grassroots.youthhome.internal;

import java.time.Instant;
import java.time.YearMonth;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.youthhome.api.YouthHomeDirectory;
import cn.luohe.grassroots.youthhome.api.YouthHomeIndicators;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The registry's figures per county: one statement per figure for all the counties asked,
 * each county's homes found by the path of their town.
 */
@Component
class YouthHomeIndicatorQueries implements YouthHomeIndicators {

	private static final String COUNTIES = """
			WITH county AS (SELECT * FROM unnest(CAST(:ids AS bigint[]), CAST(:paths AS text[])) AS c(id, path))
			""";

	private final DatabaseClient db;

	YouthHomeIndicatorQueries(DatabaseClient db) {
		this.db = db;
	}

	@Override
	public Mono<Map<Long, Share>> townsWithHome(Collection<Org> counties, Instant asOf) {
		return shares(counties, COUNTIES + """
				SELECT county.id,
				       count(*) FILTER (WHERE EXISTS (
				           SELECT 1 FROM youth_home h
				            WHERE h.town_id = t.id AND h.created_at <= :asOf
				              AND (h.delisted_at IS NULL OR h.delisted_at > :asOf))) AS met,
				       count(t.id) AS of
				  FROM county
				  LEFT JOIN org_unit t ON t.level = 'TOWN' AND t.path LIKE county.path || '%'
				 GROUP BY county.id
				""", spec -> spec.bind("asOf", asOf));
	}

	@Override
	public Mono<Map<Long, Share>> homeMonthsMeetingActivityTarget(Collection<Org> counties, YearMonth from,
			YearMonth to) {
		return shares(counties, COUNTIES + """
				, months AS (SELECT m::date AS month FROM generate_series(CAST(:from AS date), CAST(:to AS date),
				                                                        interval '1 month') AS m)
				SELECT county.id,
				       count(h.id) FILTER (WHERE (SELECT count(*) FROM youth_home_activity a
				                                   WHERE a.youth_home_id = h.id AND a.month = months.month
				                                     AND a.voided_at IS NULL)
				                                 >= :target) AS met,
				       count(h.id) AS of
				  FROM county
				  LEFT JOIN org_unit t ON t.level = 'TOWN' AND t.path LIKE county.path || '%'
				  LEFT JOIN youth_home h ON h.town_id = t.id
				  LEFT JOIN months ON h.created_at < (months.month + interval '1 month') AT TIME ZONE :zone
				                  AND (h.delisted_at IS NULL OR h.delisted_at >= months.month AT TIME ZONE :zone)
				 WHERE h.id IS NULL OR months.month IS NOT NULL
				 GROUP BY county.id
				""",
				spec -> spec.bind("from", from.atDay(1))
					.bind("to", to.atDay(1))
					.bind("target", YouthHomeDirectory.MONTHLY_ACTIVITY_TARGET)
					.bind("zone", BusinessClock.ZONE.getId()));
	}

	@Override
	public Mono<Map<Long, Long>> demonstrationSites(Collection<Org> counties) {
		return counts(counties, COUNTIES + """
				SELECT county.id, count(h.id) AS n
				  FROM county
				  LEFT JOIN org_unit t ON t.level = 'TOWN' AND t.path LIKE county.path || '%'
				  LEFT JOIN youth_home h ON h.town_id = t.id AND h.demonstration AND h.status = 'ACTIVE'
				 GROUP BY county.id
				""", spec -> spec);
	}

	private Mono<Map<Long, Share>> shares(Collection<Org> counties, String sql,
			java.util.function.UnaryOperator<DatabaseClient.GenericExecuteSpec> binds) {
		if (counties.isEmpty()) {
			return Mono.just(Map.of());
		}
		return binds.apply(bindCounties(this.db.sql(sql), counties))
			.map(row -> Map.entry(id(row),
					new Share(Params.required(row.get("met", Long.class)), Params.required(row.get("of", Long.class)))))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue, HashMap::new);
	}

	private Mono<Map<Long, Long>> counts(Collection<Org> counties, String sql,
			java.util.function.UnaryOperator<DatabaseClient.GenericExecuteSpec> binds) {
		if (counties.isEmpty()) {
			return Mono.just(Map.of());
		}
		return binds.apply(bindCounties(this.db.sql(sql), counties))
			.map(row -> Map.entry(id(row), Params.required(row.get("n", Long.class))))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue, HashMap::new);
	}

	private static DatabaseClient.GenericExecuteSpec bindCounties(DatabaseClient.GenericExecuteSpec spec,
			Collection<Org> counties) {
		return spec.bind("ids", counties.stream().map(Org::id).toArray(Long[]::new))
			.bind("paths", counties.stream().map(Org::path).toArray(String[]::new));
	}

	private static long id(Readable row) {
		return Params.required(row.get("id", Long.class));
	}

}
