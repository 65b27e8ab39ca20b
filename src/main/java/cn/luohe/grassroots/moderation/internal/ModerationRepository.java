package cn.luohe.grassroots.moderation.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.common.db.SqlStep;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * Moderation's tables. Reads {@code app_user.openid} (identity's table): WeChat needs the
 * author's openid, which identity's API deliberately never hands out.
 */
@Repository
class ModerationRepository {

	private final DatabaseClient db;

	ModerationRepository(DatabaseClient db) {
		this.db = db;
	}

	Mono<String> openid(long userId) {
		return this.db.sql("SELECT openid FROM app_user WHERE id = :id")
			.bind("id", userId)
			.map(row -> Params.required(row.get("openid", String.class)))
			.one();
	}

	// --- photos ---

	Mono<Void> registerPhoto(long photoId, long ownerId, PhotoStatus status, Instant now) {
		return this.db.sql(registerPhotoSql(":photo"))
			.bind("photo", photoId)
			.bind("owner", ownerId)
			.bind("status", status.name())
			.bind("now", now)
			.then();
	}

	/**
	 * The registration of the photo {@code photoIdSql} (a bind marker, or SQL that reads
	 * it), with the binds {@code owner}, {@code status} and {@code now}.
	 */
	static String registerPhotoSql(String photoIdSql) {
		return """
				INSERT INTO photo_check (photo_id, owner_id, status, next_attempt_at, created_at, decided_at)
				VALUES (%s, :owner, :status, :now, :now, CASE WHEN :status = 'PENDING' THEN NULL ELSE :now END)
				ON CONFLICT (photo_id) DO NOTHING
				""".formatted(photoIdSql);
	}

	Mono<PhotoCheck> photo(long photoId) {
		return this.db.sql("SELECT * FROM photo_check WHERE photo_id = :id")
			.bind("id", photoId)
			.map(ModerationRepository::toPhoto)
			.one();
	}

	/** The check a verdict answers, locked for its decision. */
	Mono<PhotoCheck> photoByTrace(String traceId) {
		return this.db.sql("SELECT * FROM photo_check WHERE trace_id = :trace FOR UPDATE")
			.bind("trace", traceId)
			.map(ModerationRepository::toPhoto)
			.one();
	}

	Mono<PhotoCheck> lockPhoto(long photoId) {
		return this.db.sql("SELECT * FROM photo_check WHERE photo_id = :id FOR UPDATE")
			.bind("id", photoId)
			.map(ModerationRepository::toPhoto)
			.one();
	}

	/** Due checks submitted {@code maxAttempts} times already: unanswered for good. */
	Flux<PhotoCheck> giveUp(int maxAttempts, Instant now) {
		return this.db.sql("""
				UPDATE photo_check SET status = 'UNANSWERED', decided_at = :now
				 WHERE photo_id IN (SELECT photo_id FROM photo_check
				                     WHERE status = 'PENDING' AND next_attempt_at <= :now AND attempts >= :max
				                     ORDER BY next_attempt_at LIMIT 100 FOR UPDATE SKIP LOCKED)
				RETURNING *
				""").bind("max", maxAttempts).bind("now", now).map(ModerationRepository::toPhoto).all();
	}

	/**
	 * Claims due checks for one submission each: the next attempt moves past the answer
	 * timeout, so a replica that dies mid-way leaves them to be claimed again then.
	 */
	Flux<PhotoCheck> claimDue(int limit, int maxAttempts, Instant now, Duration answerTimeout) {
		return this.db.sql("""
				UPDATE photo_check SET attempts = attempts + 1, next_attempt_at = :next
				 WHERE photo_id IN (SELECT photo_id FROM photo_check
				                     WHERE status = 'PENDING' AND next_attempt_at <= :now AND attempts < :max
				                     ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED)
				RETURNING *
				""")
			.bind("next", now.plus(answerTimeout))
			.bind("now", now)
			.bind("limit", limit)
			.bind("max", maxAttempts)
			.map(ModerationRepository::toPhoto)
			.all();
	}

	Mono<Void> submitted(long photoId, String traceId) {
		return this.db.sql("UPDATE photo_check SET trace_id = :trace WHERE photo_id = :id")
			.bind("trace", traceId)
			.bind("id", photoId)
			.then();
	}

	Mono<Void> retryAt(long photoId, Instant at) {
		return this.db.sql("UPDATE photo_check SET next_attempt_at = :at WHERE photo_id = :id AND status = 'PENDING'")
			.bind("at", at)
			.bind("id", photoId)
			.then();
	}

	Mono<Void> setPhotoStatus(long photoId, PhotoStatus status, @Nullable String label, Instant now) {
		return this.db
			.sql("UPDATE photo_check SET status = :status, label = COALESCE(:label, label), decided_at = :now"
					+ " WHERE photo_id = :id")
			.bind("status", status.name())
			.bind("label", Params.nullable(label, String.class))
			.bind("now", now)
			.bind("id", photoId)
			.then();
	}

	/** This instance's picture: the highest photo and those not cleared. */
	Mono<Snapshot> snapshot() {
		return this.db.sql("""
				SELECT (SELECT COALESCE(max(id), 0) FROM media) AS max_id,
				       ARRAY(SELECT photo_id FROM photo_check WHERE status NOT IN ('PASS', 'RELEASED')) AS held
				""")
			.map(row -> new Snapshot(Params.required(row.get("max_id", Long.class)),
					List.of(Params.required(row.get("held", Long[].class)))))
			.one();
	}

	record Snapshot(long maxId, List<Long> held) {
	}

	// --- the queue ---

	Mono<Long> insertItem(NewItem item, Instant now) {
		return bindItem(this.db.sql(INSERT_ITEM + "\nRETURNING id"), item, now)
			.map(row -> Params.required(row.get("id", Long.class)))
			.one();
	}

	/**
	 * An item with its first audit row (for its photo, if any), in one statement: a held
	 * text's is written inside its record's transaction, one statement more than the
	 * record's own.
	 */
	Mono<Void> insertItemWithAudit(NewItem item, String action, @Nullable String reason, Instant now) {
		return bindItem(this.db.sql("WITH item AS (" + INSERT_ITEM + """
				 RETURNING id)
				INSERT INTO moderation_audit (item_id, photo_id, action, reason, at)
				SELECT id, :photo, :action, :auditReason, :now FROM item
				"""), item, now).bind("action", action)
			.bind("auditReason", Params.nullable(reason, String.class))
			.then();
	}

	/**
	 * {@link #insertItemWithAudit} as a step {@code name} of the record's own
	 * data-modifying {@code WITH} statement (clauses {@code name} and
	 * {@code name_audit}): the record's id is {@code recordIdSql}, in the item and in its
	 * held event, so a held create takes no statement more than a published one. Writes
	 * nothing when the record's clause wrote nothing.
	 */
	static SqlStep itemStep(String name, NewItem item, String recordIdSql, String action, @Nullable String reason,
			Instant now) {
		String event = (item.heldEvent() != null)
				? "jsonb_set(CAST(:event AS jsonb), '{recordId}', to_jsonb(held_record.id))" : "NULL";
		// the record's id comes from its clause (and a filed name has no event)
		Map<String, Object> binds = itemValues(item, now);
		binds.remove("recordId");
		if (item.heldEvent() == null) {
			binds.remove("event");
		}
		SqlStep insert = SqlStep.named(name, """
				INSERT INTO moderation_item (kind, status, record_type, record_id, photo_id, org_id, author_id,
				                             excerpt, reason, label, held_event, created_at)
				SELECT :kind, 'OPEN', :recordType, held_record.id, :photo, :org, :author, :excerpt, :reason,
				       :label, %s, :now
				  FROM (SELECT %s AS id) AS held_record WHERE held_record.id IS NOT NULL
				RETURNING id""".formatted(event, recordIdSql), binds);
		SqlStep audit = SqlStep.named(name + "_audit", """
				INSERT INTO moderation_audit (item_id, photo_id, action, reason, at)
				SELECT id, :photo, :action, :reason, :now FROM %s""".formatted(name),
				Map.of("photo", Params.nullable(item.photoId(), Long.class), "action", action, "reason",
						Params.nullable(reason, String.class), "now", now));
		Map<String, Object> all = new LinkedHashMap<>(insert.binds());
		all.putAll(audit.binds());
		return new SqlStep(insert.sql() + ",\n" + audit.sql(), all);
	}

	private static final String INSERT_ITEM = """
			INSERT INTO moderation_item (kind, status, record_type, record_id, photo_id, org_id, author_id,
			                             excerpt, reason, label, held_event, created_at)
			VALUES (:kind, 'OPEN', :recordType, :recordId, :photo, :org, :author, :excerpt, :reason, :label,
			        :event, :now)""";

	private static DatabaseClient.GenericExecuteSpec bindItem(DatabaseClient.GenericExecuteSpec spec, NewItem item,
			Instant now) {
		return spec.bindValues(itemValues(item, now));
	}

	/** The values of an item's insert, by bind name (typed nulls as Parameters). */
	private static Map<String, Object> itemValues(NewItem item, Instant now) {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("kind", item.kind().name());
		values.put("recordType", Params.nullable(item.recordType(), String.class));
		values.put("recordId", Params.nullable(item.recordId(), Long.class));
		values.put("photo", Params.nullable(item.photoId(), Long.class));
		values.put("org", Params.nullable(item.orgId(), Long.class));
		values.put("author", item.authorId());
		values.put("excerpt", item.excerpt());
		values.put("reason", Params.nullable(item.reason(), String.class));
		values.put("label", Params.nullable(item.label(), String.class));
		values.put("event", Params.nullable((item.heldEvent() != null) ? Json.of(item.heldEvent()) : null, Json.class));
		values.put("now", now);
		return values;
	}

	record NewItem(ItemKind kind, @Nullable String recordType, @Nullable Long recordId, @Nullable Long photoId,
			@Nullable Long orgId, long authorId, String excerpt, @Nullable String reason, @Nullable String label,
			@Nullable String heldEvent) {
	}

	Flux<QueueItem> items(@Nullable ItemStatus status, long afterId, int limit) {
		return this.db.sql("""
				SELECT i.*, u.display_name AS author_name
				  FROM moderation_item i JOIN app_user u ON u.id = i.author_id
				 WHERE (CAST(:status AS text) IS NULL OR i.status = :status) AND i.id > :after
				 ORDER BY i.id LIMIT :limit
				""")
			.bind("status", Params.nullable((status != null) ? status.name() : null, String.class))
			.bind("after", afterId)
			.bind("limit", limit)
			.map(ModerationRepository::toItem)
			.all();
	}

	Mono<QueueItem> lockItem(long id) {
		return this.db.sql("""
				SELECT i.*, u.display_name AS author_name
				  FROM moderation_item i JOIN app_user u ON u.id = i.author_id
				 WHERE i.id = :id FOR UPDATE OF i
				""").bind("id", id).map(ModerationRepository::toItem).one();
	}

	Mono<QueueItem> decide(long id, ItemStatus status, long actorId, String note, Instant now) {
		return this.db.sql("""
				UPDATE moderation_item i SET status = :status, decided_at = :now, decided_by = :actor,
				       decision_note = :note
				  FROM app_user u WHERE u.id = i.author_id AND i.id = :id
				RETURNING i.*, u.display_name AS author_name
				""")
			.bind("status", status.name())
			.bind("now", now)
			.bind("actor", actorId)
			.bind("note", note)
			.bind("id", id)
			.map(ModerationRepository::toItem)
			.one();
	}

	/** Open items about a photo that WeChat's verdict settles (an unanswered check). */
	Mono<Void> closeOpenPhotoItems(long photoId, ItemStatus status, Instant now) {
		return this.db.sql("""
				UPDATE moderation_item SET status = :status, decided_at = :now, decision_note = 'WeChat'
				 WHERE photo_id = :photo AND status = 'OPEN'
				""").bind("status", status.name()).bind("now", now).bind("photo", photoId).then();
	}

	Mono<Void> audit(@Nullable Long itemId, @Nullable Long photoId, @Nullable Long actorId, String action,
			@Nullable String reason, Instant now) {
		return this.db.sql("""
				INSERT INTO moderation_audit (item_id, photo_id, actor_id, action, reason, at)
				VALUES (:item, :photo, :actor, :action, :reason, :now)
				""")
			.bind("item", Params.nullable(itemId, Long.class))
			.bind("photo", Params.nullable(photoId, Long.class))
			.bind("actor", Params.nullable(actorId, Long.class))
			.bind("action", action)
			.bind("reason", Params.nullable(reason, String.class))
			.bind("now", now)
			.then();
	}

	private static PhotoCheck toPhoto(Readable row) {
		return new PhotoCheck(Params.required(row.get("photo_id", Long.class)),
				Params.required(row.get("owner_id", Long.class)),
				PhotoStatus.valueOf(Params.required(row.get("status", String.class))),
				row.get("trace_id", String.class), Params.required(row.get("attempts", Integer.class)),
				row.get("label", String.class));
	}

	record PhotoCheck(long photoId, long ownerId, PhotoStatus status, @Nullable String traceId, int attempts,
			@Nullable String label) {
	}

	private static QueueItem toItem(Readable row) {
		Json event = row.get("held_event", Json.class);
		return new QueueItem(Params.required(row.get("id", Long.class)),
				ItemKind.valueOf(Params.required(row.get("kind", String.class))),
				ItemStatus.valueOf(Params.required(row.get("status", String.class))),
				row.get("record_type", String.class), row.get("record_id", Long.class), row.get("photo_id", Long.class),
				row.get("org_id", Long.class), Params.required(row.get("author_id", Long.class)),
				Params.required(row.get("author_name", String.class)),
				Params.required(row.get("excerpt", String.class)), row.get("reason", String.class),
				row.get("label", String.class), (event != null) ? event.asString() : null,
				Params.required(row.get("created_at", Instant.class)), row.get("decided_at", Instant.class),
				row.get("decided_by", Long.class), row.get("decision_note", String.class));
	}

}
