package cn.luohe.grassroots.visit.internal;

import java.time.Instant;
import java.time.YearMonth;

import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.visit.api.VisitFollowUps;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

@Component
class VisitFollowUpQueries implements VisitFollowUps {

	private static final String NEED = """
			SELECT n.id, n.org_id, u.name AS org_name, u.path, n.heard_by, n.text, n.created_at, n.resolved_at,
			       n.response
			  FROM need n JOIN org_unit u ON u.id = n.org_id
			""";

	private final DatabaseClient db;

	VisitFollowUpQueries(DatabaseClient db) {
		this.db = db;
	}

	@Override
	public Flux<Long> completedVisitors(YearMonth month) {
		return this.db.sql("""
				SELECT DISTINCT user_id FROM visit
				 WHERE month = :month AND status = 'COMPLETED' AND in_visit_week AND voided_at IS NULL
				""").bind("month", month.atDay(1)).map(row -> Params.required(row.get("user_id", Long.class))).all();
	}

	@Override
	public Flux<NeedRef> openNeedsHeard(Instant from, Instant to) {
		return this.db.sql(NEED + """
				 WHERE n.status = 'OPEN' AND n.voided_at IS NULL AND n.created_at >= :from AND n.created_at < :to
				 ORDER BY n.created_at, n.id
				""").bind("from", from).bind("to", to).map(VisitFollowUpQueries::need).all();
	}

	@Override
	public Flux<NeedRef> needsResolved(Instant from, Instant to) {
		return this.db.sql(NEED + """
				 WHERE n.status = 'RESOLVED' AND n.voided_at IS NULL AND n.resolved_at >= :from
				   AND n.resolved_at < :to
				 ORDER BY n.resolved_at, n.id
				""").bind("from", from).bind("to", to).map(VisitFollowUpQueries::need).all();
	}

	private static NeedRef need(Readable row) {
		return new NeedRef(Params.required(row.get("id", Long.class)), Params.required(row.get("org_id", Long.class)),
				Params.required(row.get("org_name", String.class)), Params.required(row.get("path", String.class)),
				Params.required(row.get("heard_by", Long.class)), Params.required(row.get("text", String.class)),
				Params.required(row.get("created_at", Instant.class)), row.get("resolved_at", Instant.class),
				row.get("response", String.class));
	}

}
