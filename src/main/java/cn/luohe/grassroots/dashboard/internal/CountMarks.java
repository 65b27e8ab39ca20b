package cn.luohe.grassroots.dashboard.internal;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Collection;

import cn.luohe.grassroots.common.db.Params;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * The dirty marks of the maintained counts, as the aggregator reads them: taken in
 * batches under the one aggregator's lock, added for towns that have no row yet or that
 * reconciliation repairs, purged once consumed. (Writers append theirs through
 * {@link DirtyQueue}.)
 */
@Repository
class CountMarks {

	/**
	 * A batch of dirty marks, taken by one aggregator at a time across all replicas: the
	 * town-months of the oldest {@code :limit} pending marks, leaving those of the
	 * resting town-months (recounted moments ago) for later, with every pending mark of
	 * those town-months, since one recount covers them all. Taking only the oldest marks
	 * let a busy town-month's marks pile up (66 000 pending after two minutes of
	 * check-ins into one town at 1 000 a second), and every take scanned them past the
	 * resting town-month. The batch's ids are collected first ({@code = ANY(ARRAY(...))})
	 * and its rows found by key: as {@code id IN (<the batch>)}, PostgreSQL joined the
	 * batch to a scan of the whole table, consumed marks included, which are kept an hour
	 * (12 ms a batch over 75k marks on the bench host: 0.09 ms of its CPU per check-in).
	 * The town-months are chosen once ({@code MATERIALIZED}): written as
	 * {@code (town_id, month) IN (<the choice>)}, PostgreSQL ran the choice again for
	 * every pending mark whenever its statistics said none were pending, as they do after
	 * an ANALYZE of a drained queue (161 ms a batch, 0.69 ms of its CPU per check-in, in
	 * a probe at 970 check-ins a second).
	 */
	static final String TAKE_DIRTY = """
			UPDATE count_dirty SET consumed_at = now() WHERE id = ANY(ARRAY(
			    WITH chosen AS MATERIALIZED (
			        SELECT DISTINCT c.town_id, c.month
			          FROM (SELECT c.town_id, c.month FROM count_dirty c
			                 WHERE c.consumed_at IS NULL
			                   AND NOT EXISTS (SELECT 1 FROM unnest(CAST(:towns AS bigint[]), CAST(:months AS date[]))
			                                                   AS r(town_id, month)
			                                    WHERE r.town_id = c.town_id AND r.month = c.month)
			                 ORDER BY c.id LIMIT :limit) AS c)
			    SELECT d.id FROM count_dirty d JOIN chosen ON chosen.town_id = d.town_id AND chosen.month = d.month
			     WHERE d.consumed_at IS NULL
			       FOR UPDATE OF d SKIP LOCKED))
			RETURNING town_id, month, visitor_id, every_visitor
			""";

	/** The organs' batch, in {@link #TAKE_DIRTY}'s form for the same reason. */
	static final String TAKE_DIRTY_ORGANS = """
			UPDATE organ_dirty SET consumed_at = now() WHERE id = ANY(ARRAY(
			    SELECT id FROM organ_dirty WHERE consumed_at IS NULL ORDER BY id LIMIT :limit
			       FOR UPDATE SKIP LOCKED))
			RETURNING org_id
			""";

	private final DatabaseClient db;

	CountMarks(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Whether this transaction may aggregate (one aggregator across replicas at a time).
	 */
	Mono<Boolean> tryAggregatorLock() {
		return this.db.sql("SELECT pg_try_advisory_xact_lock(7301001) AS locked")
			.map(row -> Boolean.TRUE.equals(row.get("locked", Boolean.class)))
			.one();
	}

	/**
	 * Consumes up to {@code limit} dirty marks, oldest first, except those of
	 * {@code resting}.
	 */
	Flux<DirtyMark> takeDirty(int limit, Collection<TownMonth> resting) {
		return this.db.sql(TAKE_DIRTY)
			.bind("limit", limit)
			.bind("towns", resting.stream().map(TownMonth::townId).toArray(Long[]::new))
			.bind("months",
					resting.stream().map(townMonth -> townMonth.month().atDay(1).toString()).toArray(String[]::new))
			.map(row -> new DirtyMark(
					new TownMonth(Params.required(row.get("town_id", Long.class)),
							YearMonth.from(Params.required(row.get("month", LocalDate.class)))),
					row.get("visitor_id", Long.class), Boolean.TRUE.equals(row.get("every_visitor", Boolean.class))))
			.all();
	}

	/**
	 * Marks every town without a row for the month dirty (a month's first rows, at
	 * rollover).
	 */
	Mono<Long> markMissingTowns(YearMonth month) {
		return this.db.sql("""
				INSERT INTO count_dirty (town_id, month)
				SELECT o.id, :month FROM org_unit o
				 WHERE o.level = 'TOWN'
				   AND NOT EXISTS (SELECT 1 FROM town_month_counts c WHERE c.town_id = o.id AND c.month = :month)
				   AND NOT EXISTS (SELECT 1 FROM count_dirty d
				                    WHERE d.town_id = o.id AND d.month = :month AND d.consumed_at IS NULL)
				""").bind("month", month.atDay(1)).fetch().rowsUpdated();
	}

	/** Consumed marks older than an hour are only history. */
	Mono<Long> purgeConsumed() {
		return this.db.sql("DELETE FROM count_dirty WHERE consumed_at < now() - interval '1 hour'")
			.fetch()
			.rowsUpdated()
			.then(this.db.sql("DELETE FROM organ_dirty WHERE consumed_at < now() - interval '1 hour'")
				.fetch()
				.rowsUpdated());
	}

	Mono<Void> markTown(long townId, YearMonth month) {
		return this.db.sql("INSERT INTO count_dirty (town_id, month) VALUES (:town, :month)")
			.bind("town", townId)
			.bind("month", month.atDay(1))
			.then();
	}

	/**
	 * A batch of organs whose bindings changed (written by a trigger on role_binding).
	 */
	Flux<Long> takeDirtyOrgans(int limit) {
		return this.db.sql(TAKE_DIRTY_ORGANS)
			.bind("limit", limit)
			.map(row -> Params.required(row.get("org_id", Long.class)))
			.all();
	}

	Mono<Long> pendingDirty() {
		return this.db
			.sql("SELECT (SELECT count(*) FROM count_dirty WHERE consumed_at IS NULL)"
					+ " + (SELECT count(*) FROM organ_dirty WHERE consumed_at IS NULL) AS n")
			.map(row -> row.get("n", Long.class))
			.one();
	}

	record TownMonth(long townId, YearMonth month) {
	}

	/**
	 * A taken mark: the town-month, and whose duty to recompute (one visitor, every
	 * visitor, or none).
	 */
	record DirtyMark(TownMonth townMonth, @Nullable Long visitorId, boolean everyVisitor) {
	}

}
