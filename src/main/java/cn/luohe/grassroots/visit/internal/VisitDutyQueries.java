package cn.luohe.grassroots.visit.internal;

import java.time.Instant;
import java.time.YearMonth;

import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.visit.api.VisitDuties;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/** A visitor's own month: one statement for their visits, one for their needs. */
@Component
class VisitDutyQueries implements VisitDuties {

	private final DatabaseClient db;

	private final VisitWeek week;

	VisitDutyQueries(DatabaseClient db, VisitProperties properties) {
		this.db = db;
		this.week = properties.visitWeek();
	}

	@Override
	public Week visitWeek(YearMonth month) {
		return new Week(month.atDay(this.week.firstDay()), month.atDay(this.week.lastDay()));
	}

	@Override
	public Mono<Month> month(long userId, YearMonth month, Instant now) {
		Mono<Month> visits = this.db.sql("""
				SELECT (SELECT count(*) FROM visit
				         WHERE user_id = :user AND month = :month AND status = 'COMPLETED' AND in_visit_week)
				           AS completed,
				       o.id, o.org_id, u.name AS org_name, o.received_at, o.day_end
				  FROM (SELECT 1) one
				  LEFT JOIN LATERAL (SELECT id, org_id, received_at, day_end FROM visit
				                      WHERE user_id = :user AND status = 'IN_PROGRESS' AND day_end > :now
				                      ORDER BY effective_at DESC, id DESC LIMIT 1) o ON true
				  LEFT JOIN org_unit u ON u.id = o.org_id
				""").bind("user", userId).bind("month", month.atDay(1)).bind("now", now).map(row -> {
			Long id = row.get("id", Long.class);
			OpenVisit open = (id == null) ? null
					: new OpenVisit(id, Params.required(row.get("org_id", Long.class)),
							Params.required(row.get("org_name", String.class)),
							Params.required(row.get("received_at", Instant.class)),
							Params.required(row.get("day_end", Instant.class)));
			return new Month(Params.required(row.get("completed", Long.class)), open, java.util.List.of());
		}).one();
		Mono<java.util.List<HeardNeed>> needs = this.db.sql("""
				SELECT n.id, n.visit_id, n.org_id, u.name AS org_name, n.text, n.status, n.created_at, n.response,
				       n.resolved_at
				  FROM need n JOIN org_unit u ON u.id = n.org_id
				 WHERE n.heard_by = :user AND n.month = :month
				 ORDER BY n.created_at, n.id
				""")
			.bind("user", userId)
			.bind("month", month.atDay(1))
			.map(row -> new HeardNeed(Params.required(row.get("id", Long.class)),
					Params.required(row.get("visit_id", Long.class)), Params.required(row.get("org_id", Long.class)),
					Params.required(row.get("org_name", String.class)), Params.required(row.get("text", String.class)),
					Params.required(row.get("status", String.class)),
					Params.required(row.get("created_at", Instant.class)), row.get("response", String.class),
					row.get("resolved_at", Instant.class)))
			.all()
			.collectList();
		return Mono.zip(visits, needs)
			.map(both -> new Month(both.getT1().completedInVisitWeek(), both.getT1().openVisit(), both.getT2()));
	}

}
