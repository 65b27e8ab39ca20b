package cn.luohe.grassroots.feed.internal;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.feed.api.FeedEventType;
import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;

/** Explicit SQL over the outbox ({@code feed_event}) and its retention mark. */
@Repository
class FeedRepository {

	/**
	 * Held in shared mode by every transaction that appends to the outbox, from before
	 * its id is drawn until it ends: the relay learns from it which writers may still
	 * commit a smaller id than one it can already see.
	 */
	static final long WRITER_LOCK = 0x66656564L;

	/** Held by the one relay publishing a batch, across all instances. */
	static final long RELAY_LOCK = 0x66656565L;

	/**
	 * Held (session lock, on its listening connection) by a relay that is awake: it looks
	 * again at a short interval until a look finds no work, so writers need not wake it.
	 * A writer notifies only if it can take this lock in shared mode, that is while no
	 * relay is awake ({@link OutboxWakeups}).
	 */
	static final long AWAKE_LOCK = 0x66656566L;

	private static final String COLUMNS = """
			id, type, org_id, org_path, org_name, town_id, county_id, actor_name, occurred_at, summary,
			record_id, photo_ids, coalesce(retracts, '{}') AS retracts""";

	private static final String WRITER_LOCKS = """
			FROM pg_locks
			 WHERE locktype = 'advisory' AND granted
			   AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
			   AND classid = 0 AND objid::bigint = %d AND objsubid = 1""".formatted(WRITER_LOCK);

	private final DatabaseClient db;

	FeedRepository(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * One look at the outbox, in one statement: the lowest and highest unpublished id
	 * (null when none), whether any of {@code pending} (writers seen by an earlier look)
	 * is still in flight, and the outbox writers in flight now. The writers are read from
	 * {@code pg_locks}, live, while the ids come from the statement's snapshot, taken
	 * before: so any writer holding an id below {@code hi} that the snapshot could not
	 * see is still among {@code writers}, or has committed since.
	 */
	Mono<Look> look(List<String> pending) {
		// pg_locks copies the whole lock table under every lock partition's LWLock: read
		// once (materialized) for both answers, not once per subquery
		return this.db.sql("""
				WITH w AS MATERIALIZED (SELECT virtualtransaction %s)
				SELECT b.lo, b.hi,
				       EXISTS (SELECT 1 FROM w WHERE virtualtransaction = ANY(:pending)) AS pending_writing,
				       ARRAY(SELECT virtualtransaction FROM w) AS writers
				  FROM (SELECT min(id) AS lo, max(id) AS hi FROM feed_event WHERE published_at IS NULL) b
				""".formatted(WRITER_LOCKS))
			.bind("pending", pending.toArray(String[]::new))
			.map(row -> new Look(row.get("lo", Long.class), row.get("hi", Long.class),
					Boolean.TRUE.equals(row.get("pending_writing", Boolean.class)),
					List.of(Params.required(row.get("writers", String[].class)))))
			.one();
	}

	/** Inside a transaction: whether this transaction is now the one relay. */
	Mono<Boolean> tryRelayLock() {
		return this.db.sql("SELECT pg_try_advisory_xact_lock(:key) AS locked")
			.bind("key", RELAY_LOCK)
			.map(row -> Boolean.TRUE.equals(row.get("locked", Boolean.class)))
			.one();
	}

	/**
	 * Inside a transaction: marks the oldest unpublished rows up to {@code through}
	 * published and answers them in id order; one statement instead of a locking read and
	 * an update by id. If the append to the stream then fails, the transaction rolls the
	 * mark back.
	 */
	Flux<FeedEvent> takeUnpublished(long through, int limit, Instant now) {
		return this.db.sql("UPDATE feed_event SET published_at = :now WHERE id IN (" + """
				SELECT id
				  FROM feed_event
				 WHERE published_at IS NULL AND id <= :through
				 ORDER BY id
				 LIMIT :limit
				 FOR UPDATE SKIP LOCKED)
				RETURNING\s""" + COLUMNS)
			.bind("now", now)
			.bind("through", through)
			.bind("limit", limit)
			.map(FeedRepository::toEvent)
			.all()
			.sort(Comparator.comparingLong(FeedEvent::id));
	}

	Mono<Long> maxPublishedId() {
		return this.db.sql("SELECT coalesce(max(id), 0) AS id FROM feed_event WHERE published_at IS NOT NULL")
			.map(row -> Params.required(row.get("id", Long.class)))
			.one();
	}

	/** Published events after {@code afterId}, oldest first, whoever may see them. */
	Flux<FeedEvent> publishedAfter(long afterId, int limit) {
		return this.db.sql("SELECT " + COLUMNS + """
				  FROM feed_event
				 WHERE published_at IS NOT NULL AND id > :after
				 ORDER BY id
				 LIMIT :limit
				""").bind("after", afterId).bind("limit", limit).map(FeedRepository::toEvent).all();
	}

	/** Published events inside {@code scope} after {@code afterId}, oldest first. */
	Flux<FeedEvent> publishedAfter(FeedScope scope, long afterId, int limit) {
		GenericExecuteSpec spec = this.db.sql("SELECT " + COLUMNS + """
				  FROM feed_event
				 WHERE published_at IS NOT NULL AND retracted_at IS NULL AND id > :after AND %s
				 ORDER BY id
				 LIMIT :limit
				""".formatted(scopeCondition(scope)));
		return bindScope(spec, scope).bind("after", afterId).bind("limit", limit).map(FeedRepository::toEvent).all();
	}

	/**
	 * How many published events inside {@code scope} lie after {@code afterId}, counting
	 * no further than {@code limit} (an index range scan of at most that many rows).
	 */
	Mono<Long> countPublishedAfter(FeedScope scope, long afterId, int limit) {
		GenericExecuteSpec spec = this.db.sql("""
				SELECT count(*) AS n FROM (
				  SELECT 1
				    FROM feed_event
				   WHERE published_at IS NOT NULL AND id > :after AND %s
				   ORDER BY id
				   LIMIT :limit) AS deep
				""".formatted(scopeCondition(scope)));
		return bindScope(spec, scope).bind("after", afterId)
			.bind("limit", limit)
			.map(row -> Objects.requireNonNull(row.get("n", Long.class)))
			.one();
	}

	/** Published events inside {@code scope} before {@code before}, newest first. */
	Flux<FeedEvent> newestBefore(FeedScope scope, @Nullable Long before, int limit) {
		GenericExecuteSpec spec = this.db.sql("SELECT " + COLUMNS + """
				  FROM feed_event
				 WHERE published_at IS NOT NULL AND retracted_at IS NULL AND %s %s
				 ORDER BY id DESC
				 LIMIT :limit
				""".formatted(scopeCondition(scope), (before != null) ? "AND id < :before" : ""));
		spec = bindScope(spec, scope).bind("limit", limit);
		if (before != null) {
			spec = spec.bind("before", before);
		}
		return spec.map(FeedRepository::toEvent).all();
	}

	/** What a resuming subscriber's id is judged against. */
	Mono<ResumePoint> resumePoint() {
		return this.db.sql("""
				SELECT r.purged_through,
				       (SELECT coalesce(max(id), 0) FROM feed_event) AS max_id,
				       (SELECT coalesce(max(id), 0) FROM feed_event WHERE published_at IS NOT NULL) AS max_published
				  FROM feed_retention r
				""")
			.map(row -> new ResumePoint(Params.required(row.get("purged_through", Long.class)),
					Params.required(row.get("max_id", Long.class)),
					Params.required(row.get("max_published", Long.class))))
			.one();
	}

	/**
	 * Deletes published events created before {@code cutoff} and raises the purge mark to
	 * the highest id deleted.
	 */
	Mono<Long> purgeCreatedBefore(Instant cutoff) {
		return this.db.sql("""
				WITH gone AS (
				    DELETE FROM feed_event WHERE published_at IS NOT NULL AND created_at < :cutoff RETURNING id
				)
				UPDATE feed_retention
				   SET purged_through = greatest(purged_through, (SELECT coalesce(max(id), 0) FROM gone))
				RETURNING (SELECT count(*) FROM gone) AS deleted
				""").bind("cutoff", cutoff).map(row -> Params.required(row.get("deleted", Long.class))).one();
	}

	private static String scopeCondition(FeedScope scope) {
		StringBuilder sql = new StringBuilder("(");
		for (int i = 0; i < scope.prefixes().size(); i++) {
			sql.append((i > 0) ? " OR " : "").append("org_path LIKE :scope").append(i);
		}
		return sql.append(')').toString();
	}

	private static GenericExecuteSpec bindScope(GenericExecuteSpec spec, FeedScope scope) {
		GenericExecuteSpec bound = spec;
		for (int i = 0; i < scope.prefixes().size(); i++) {
			bound = bound.bind("scope" + i, Params.likePrefix(scope.prefixes().get(i)));
		}
		return bound;
	}

	static FeedEvent toEvent(Readable row) {
		return new FeedEvent(Params.required(row.get("id", Long.class)),
				FeedEventType.valueOf(Params.required(row.get("type", String.class))),
				Params.required(row.get("org_id", Long.class)), Params.required(row.get("org_path", String.class)),
				Params.required(row.get("org_name", String.class)), row.get("town_id", Long.class),
				row.get("county_id", Long.class), Params.required(row.get("actor_name", String.class)),
				Params.required(row.get("occurred_at", Instant.class)),
				Params.required(row.get("summary", String.class)), row.get("record_id", Long.class),
				photoIds(row.get("photo_ids", Long[].class)),
				List.of(Params.required(row.get("retracts", Long[].class))));
	}

	private static List<Long> photoIds(Long @Nullable [] ids) {
		return (ids == null) ? List.of() : List.of(ids);
	}

	/**
	 * @param lo lowest unpublished id, null when every row is published
	 * @param hi highest unpublished id, null when every row is published
	 * @param pendingWriting whether a writer asked about is still in flight
	 * @param writers the outbox writers in flight (virtual transaction ids)
	 */
	record Look(@Nullable Long lo, @Nullable Long hi, boolean pendingWriting, List<String> writers) {

	}

	/**
	 * @param purgedThrough every event up to this id may have been purged
	 * @param maxId the highest id ever committed (published or not) still present
	 * @param maxPublished the highest published id: where a reset subscriber continues
	 */
	record ResumePoint(long purgedThrough, long maxId, long maxPublished) {
	}

}
