package cn.luohe.grassroots.dashboard.internal;

import java.time.YearMonth;

import cn.luohe.grassroots.common.db.Params;
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

	private Mono<Void> mark(long townId, YearMonth month, @Nullable Long visitorId) {
		return this.db.sql("""
				INSERT INTO count_dirty (town_id, month, visitor_id, every_visitor)
				VALUES (:town, :month, :visitor, false)
				""")
			.bind("town", townId)
			.bind("month", month.atDay(1))
			.bind("visitor", Params.nullable(visitorId, Long.class))
			.then();
	}

}
