package cn.luohe.grassroots.youthhome.internal;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Collection;

import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.youthhome.api.CountyHomeFigures;
import cn.luohe.grassroots.youthhome.api.YouthHomeDirectory;
import cn.luohe.grassroots.youthhome.api.YouthHomeMonth;
import cn.luohe.grassroots.youthhome.api.YouthHomeRef;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

@Component
class YouthHomeLookup implements YouthHomeDirectory {

	private final DatabaseClient db;

	YouthHomeLookup(DatabaseClient db) {
		this.db = db;
	}

	@Override
	public Mono<YouthHomeRef> find(long id) {
		return this.db.sql("SELECT id, name, town_id, status FROM youth_home WHERE id = :id")
			.bind("id", id)
			.map(YouthHomeLookup::toRef)
			.one();
	}

	@Override
	public Flux<YouthHomeMonth> activitiesIn(Collection<Long> ids, YearMonth month) {
		if (ids.isEmpty()) {
			return Flux.empty();
		}
		return this.db.sql("""
				SELECT h.id, h.name, h.town_id, h.status,
				       (SELECT count(*) FROM youth_home_activity a
				         WHERE a.youth_home_id = h.id AND a.month = :month AND a.voided_at IS NULL) AS activities
				  FROM youth_home h
				 WHERE h.id = ANY(:ids)
				 ORDER BY h.id
				""")
			.bind("month", month.atDay(1))
			.bind("ids", ids.toArray(Long[]::new))
			.map(row -> new YouthHomeMonth(toRef(row), month, Params.required(row.get("activities", Long.class))))
			.all();
	}

	@Override
	public Flux<CountyHomeFigures> countyFigures(LocalDate from, LocalDate through) {
		return this.db.sql("""
				SELECT t.parent_id AS county_id,
				       count(*) FILTER (WHERE h.status = 'ACTIVE') AS active_homes,
				       coalesce(sum((SELECT count(*) FROM youth_organization o
				                      WHERE o.youth_home_id = h.id AND o.founded_on <= :through
				                        AND o.voided_at IS NULL))
				                FILTER (WHERE h.status = 'ACTIVE'), 0)::bigint AS organizations,
				       count(*) FILTER (WHERE h.cloud_platform_onboarded
				                          AND h.cloud_platform_onboarded_at BETWEEN :from AND :through) AS onboarded
				  FROM youth_home h
				  JOIN org_unit t ON t.id = h.town_id
				 GROUP BY t.parent_id
				""")
			.bind("from", from)
			.bind("through", through)
			.map(row -> new CountyHomeFigures(Params.required(row.get("county_id", Long.class)),
					Params.required(row.get("active_homes", Long.class)),
					Params.required(row.get("organizations", Long.class)),
					Params.required(row.get("onboarded", Long.class))))
			.all();
	}

	private static YouthHomeRef toRef(Readable row) {
		return new YouthHomeRef(Params.required(row.get("id", Long.class)),
				Params.required(row.get("name", String.class)), Params.required(row.get("town_id", Long.class)),
				"ACTIVE".equals(row.get("status", String.class)));
	}

}
