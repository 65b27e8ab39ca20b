package cn.luohe.grassroots.dashboard.internal;

import java.time.YearMonth;
import java.util.Map;

import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.common.db.SqlStep;
import cn.luohe.grassroots.dashboard.api.CountInvalidation;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Appends a dirty mark: an insert of its own row, so concurrent writers never contend.
 */
@Component
class DirtyQueue implements CountInvalidation {

	private static final String INSERT = """
			INSERT INTO count_dirty (town_id, month, visitor_id, every_visitor)
			VALUES (:town, :month, :visitor, false)
			""";

	private final DatabaseClient db;

	DirtyQueue(DatabaseClient db) {
		this.db = db;
	}

	@Override
	public Mono<Void> touch(long townId, YearMonth month) {
		return mark(townId, month, null);
	}

	@Override
	public Mono<Void> touchVisit(long townId, YearMonth month, long visitorId) {
		return mark(townId, month, visitorId);
	}

	@Override
	public SqlStep touchStep(String name, long townId, YearMonth month) {
		return SqlStep.named(name, INSERT, binds(townId, month, null));
	}

	@Override
	public SqlStep touchVisitStep(String name, long townId, YearMonth month, long visitorId) {
		return SqlStep.named(name, INSERT, binds(townId, month, visitorId));
	}

	private Mono<Void> mark(long townId, YearMonth month, @Nullable Long visitorId) {
		return SqlStep.bind(this.db.sql(INSERT), new SqlStep("", binds(townId, month, visitorId))).then();
	}

	private static Map<String, Object> binds(long townId, YearMonth month, @Nullable Long visitorId) {
		return Map.of("town", townId, "month", month.atDay(1), "visitor", Params.nullable(visitorId, Long.class));
	}

}
