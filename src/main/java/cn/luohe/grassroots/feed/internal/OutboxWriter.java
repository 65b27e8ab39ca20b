package cn.luohe.grassroots.feed.internal;

import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.feed.api.FeedEventDraft;
import cn.luohe.grassroots.feed.api.FeedOutbox;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Appends an event in the caller's transaction. The shared writer lock is taken in the
 * same statement, before the identity value is drawn, and held until the transaction
 * ends: the relay never publishes past an id while a writer that might still commit a
 * smaller one holds it (ids are drawn at insert, not at commit). The same statement
 * notifies the relay, which PostgreSQL delivers at commit ({@link OutboxWakeups}).
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
		// the town and county are the org's ancestors on those
		// levels, looked up in the insert itself (by the codes
		// of its path) rather than in a statement of their own
		return this.db.sql("""
				INSERT INTO feed_event (type, org_id, org_path, org_name, town_id, county_id, actor_user_id,
				                        actor_name, occurred_at, summary, record_id, photo_ids, created_at)
				SELECT :type, :org, :path, :orgName,
				       (SELECT a.id FROM org_unit a WHERE a.code = ANY(lineage.codes) AND a.level = 'TOWN'),
				       (SELECT a.id FROM org_unit a WHERE a.code = ANY(lineage.codes) AND a.level = 'COUNTY'),
				       :actor, :actorName, :occurredAt, :summary, :record, :photos, :now
				  FROM (SELECT pg_advisory_xact_lock_shared(:writerLock) OFFSET 0) AS in_flight,
				       (SELECT pg_notify(:channel, '') OFFSET 0) AS wake_relay,
				       (SELECT string_to_array(trim(BOTH '/' FROM :path), '/') AS codes) AS lineage
				""")
			.bind("writerLock", FeedRepository.WRITER_LOCK)
			.bind("channel", OutboxWakeups.CHANNEL)
			.bind("type", event.type().name())
			.bind("org", event.org().id())
			.bind("path", event.org().path())
			.bind("orgName", event.org().name())
			.bind("actor", event.actorUserId())
			.bind("actorName", event.actorName())
			.bind("occurredAt", event.occurredAt())
			.bind("summary", event.summary())
			.bind("record", Params.nullable(event.recordId(), Long.class))
			.bind("photos", event.photoIds().toArray(Long[]::new))
			.bind("now", this.clock.now())
			.then();
	}

}
