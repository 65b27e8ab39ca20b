package cn.luohe.grassroots.feed.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.common.db.PhotoLists;
import cn.luohe.grassroots.common.db.SqlStep;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.feed.api.FeedEventDraft;
import cn.luohe.grassroots.feed.api.FeedEventType;
import cn.luohe.grassroots.feed.api.FeedOutbox;
import cn.luohe.grassroots.org.api.OrgLevel;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Appends an event in the caller's transaction. The shared writer lock is taken in the
 * same statement, before the identity value is drawn, and held until the transaction
 * ends: the relay never publishes past an id while a writer that might still commit a
 * smaller one holds it (ids are drawn at insert, not at commit). The same statement
 * notifies the relay, which PostgreSQL delivers at commit ({@link OutboxWakeups}), but
 * only while no relay is awake: a notifying commit takes PostgreSQL's notification queue
 * lock, one commit at a time across the database, which halved the rate of concurrent
 * check-in statements (docs/feed.md, "Awake relay, silent commits"). The writer lock
 * comes first (the inner subquery): a writer that finds the relay awake is then among the
 * writers the relay's next look sees.
 */
@Component
class OutboxWriter implements FeedOutbox {

	private final DatabaseClient db;

	private final BusinessClock clock;

	OutboxWriter(DatabaseClient db, BusinessClock clock) {
		this.db = db;
		this.clock = clock;
	}

	@Override
	public Mono<Void> append(FeedEventDraft event) {
		return bind(this.db.sql(insert("", "NULL", ":record")), event).then();
	}

	@Override
	public SqlStep appendStep(String name, FeedEventDraft event, String recordIdSql) {
		Map<String, Object> binds = new LinkedHashMap<>(binds(event));
		binds.remove("record");
		return SqlStep.named(name, insert("", "NULL", recordIdSql), binds);
	}

	@Override
	public Mono<Void> withdrawPhoto(long photoId) {
		return PhotoLists.withdraw(this.db, "feed_event", photoId).then();
	}

	@Override
	public Mono<Void> retract(FeedEventDraft correction, Set<FeedEventType> retracted) {
		// the retracted events are taken back and named by the
		// correction in the same statement (and the same writer lock)
		String gone = """
				WITH gone AS (
				    UPDATE feed_event SET retracted_at = :now
				     WHERE record_id = :record AND type = ANY(CAST(:retracted AS text[])) AND retracted_at IS NULL
				    RETURNING id
				)
				""";
		return bind(this.db.sql(insert(gone, "ARRAY(SELECT id FROM gone ORDER BY id)", ":record")), correction)
			.bind("retracted", retracted.stream().map(Enum::name).toArray(String[]::new))
			.then();
	}

	/**
	 * The insert, after {@code with}: the town and county are the org's ancestors on
	 * those levels, looked up in the insert itself (by the codes of its path) rather than
	 * in a statement of their own. Each is looked up by the one code at its level's depth
	 * ({@link OrgLevel#depth}), not among all the path's codes: PostgreSQL 15 costs
	 * {@code code = ANY(<parameter array>)} for ten elements in a generic plan, more than
	 * twice the plan made for a known path, so it planned this statement afresh on every
	 * execution (0.27 ms of its CPU per check-in on the bench host,
	 * {@code pg_stat_statements}); with one code each, the generic plan costs the same
	 * and is kept (17 costs such arrays lower, and kept either form).
	 */
	private static String insert(String with, String retracts, String record) {
		return with + """
				INSERT INTO feed_event (type, org_id, org_path, org_name, town_id, county_id, actor_user_id,
				                        actor_name, occurred_at, summary, record_id, photo_ids, created_at, retracts)
				SELECT :type, :org, :path, :orgName,
				       (SELECT a.id FROM org_unit a WHERE a.code = lineage.codes[%d] AND a.level = 'TOWN'),
				       (SELECT a.id FROM org_unit a WHERE a.code = lineage.codes[%d] AND a.level = 'COUNTY'),
				       :actor, :actorName, :occurredAt, :summary, %s, :photos, :now, %s
				  FROM (SELECT CASE WHEN pg_try_advisory_xact_lock_shared(:awakeLock) THEN pg_notify(:channel, '') END
				          FROM (SELECT pg_advisory_xact_lock_shared(:writerLock) OFFSET 0) AS in_flight
				        OFFSET 0) AS wake_relay,
				       (SELECT string_to_array(trim(BOTH '/' FROM :path), '/') AS codes) AS lineage
				""".formatted(depth(OrgLevel.TOWN), depth(OrgLevel.COUNTY), record, retracts);
	}

	/** The (1-based) position of a level's code in {@code string_to_array} of a path. */
	private static int depth(OrgLevel level) {
		return level.depth() + 1;
	}

	private DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec spec, FeedEventDraft event) {
		DatabaseClient.GenericExecuteSpec bound = spec;
		for (Map.Entry<String, Object> bind : binds(event).entrySet()) {
			bound = bound.bind(bind.getKey(), bind.getValue());
		}
		return bound;
	}

	private Map<String, Object> binds(FeedEventDraft event) {
		Map<String, Object> binds = new LinkedHashMap<>();
		binds.put("writerLock", FeedRepository.WRITER_LOCK);
		binds.put("channel", OutboxWakeups.CHANNEL);
		binds.put("awakeLock", FeedRepository.AWAKE_LOCK);
		binds.put("type", event.type().name());
		binds.put("org", event.org().id());
		binds.put("path", event.org().path());
		binds.put("orgName", event.org().name());
		binds.put("actor", event.actorUserId());
		binds.put("actorName", event.actorName());
		binds.put("occurredAt", event.occurredAt());
		binds.put("summary", event.summary());
		binds.put("record", Params.nullable(event.recordId(), Long.class));
		binds.put("photos", event.photoIds().toArray(Long[]::new));
		binds.put("now", this.clock.now());
		return binds;
	}

}
