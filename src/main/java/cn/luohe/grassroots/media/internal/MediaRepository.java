package cn.luohe.grassroots.media.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.common.db.SqlStep;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgLevel;
import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

@Repository
class MediaRepository {

	private final DatabaseClient db;

	MediaRepository(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Writes the photo's row, and the {@code steps} (its moderation registration, which
	 * reads its id as {@code (SELECT id FROM m)}) in the same statement; answers its id.
	 */
	Mono<Long> insert(long ownerId, String contentType, long size, String sha256, String storageKey, Instant now,
			SqlStep... steps) {
		return SqlStep.bind(this.db.sql(SqlStep.with("m AS (" + """
				INSERT INTO media (owner_id, content_type, size, sha256, storage_key, created_at)
				VALUES (:owner, :type, :size, :sha, :key, :now)
				RETURNING id
				)""", "SELECT id FROM m", steps)), steps)
			.bind("owner", ownerId)
			.bind("type", contentType)
			.bind("size", size)
			.bind("sha", sha256)
			.bind("key", storageKey)
			.bind("now", now)
			.map(row -> Params.required(row.get("id", Long.class)))
			.one();
	}

	Mono<MediaRow> find(long id) {
		return this.db.sql(
				"SELECT id, owner_id, content_type, size, storage_key, created_at, voided_at FROM media WHERE id = :id")
			.bind("id", id)
			.map(MediaRepository::toMedia)
			.one();
	}

	Flux<MediaRow> findAll(List<Long> ids) {
		return this.db.sql(
				"SELECT id, owner_id, content_type, size, storage_key, created_at, voided_at FROM media WHERE id = ANY(:ids) ORDER BY id")
			.bind("ids", ids.toArray(Long[]::new))
			.map(MediaRepository::toMedia)
			.all();
	}

	/** The records a photo is attached to, with their orgs (current paths). */
	Flux<Attachment> attachments(long mediaId) {
		return this.db.sql("""
				SELECT a.record_type, a.record_id, o.id, o.code, o.name, o.level, o.parent_id, o.path
				  FROM media_attachment a JOIN org_unit o ON o.id = a.org_id
				 WHERE a.media_id = :id
				""")
			.bind("id", mediaId)
			.map(row -> new Attachment(Params.required(row.get("record_type", String.class)),
					Params.required(row.get("record_id", Long.class)), toOrg(row)))
			.all();
	}

	record Attachment(String recordType, long recordId, Org org) {
	}

	private static final String ATTACH = """
			INSERT INTO media_attachment (media_id, record_type, record_id, org_id, created_at)
			SELECT unnest(:ids::bigint[]), :type, %s, :org, :now
			ON CONFLICT (media_id, record_type, record_id) DO UPDATE SET org_id = EXCLUDED.org_id
			""";

	Mono<Void> attach(List<Long> ids, String recordType, long recordId, long orgId, Instant now) {
		return SqlStep
			.bind(this.db.sql(ATTACH.formatted(":record")),
					new SqlStep("", Map.of("record", recordId, "ids", ids.toArray(Long[]::new), "type", recordType,
							"org", orgId, "now", now)))
			.then();
	}

	/** The attachment as a step of the record's own statement. */
	static SqlStep attachStep(String name, List<Long> ids, String recordType, String recordIdSql, long orgId,
			Instant now) {
		return SqlStep.named(name, ATTACH.formatted(recordIdSql),
				Map.of("ids", ids.toArray(Long[]::new), "type", recordType, "org", orgId, "now", now));
	}

	Mono<Void> detachAll(String recordType, long recordId) {
		return this.db.sql("DELETE FROM media_attachment WHERE record_type = :type AND record_id = :record")
			.bind("type", recordType)
			.bind("record", recordId)
			.then();
	}

	private static MediaRow toMedia(Readable row) {
		return new MediaRow(Params.required(row.get("id", Long.class)),
				Params.required(row.get("owner_id", Long.class)),
				Params.required(row.get("content_type", String.class)), Params.required(row.get("size", Long.class)),
				Params.required(row.get("storage_key", String.class)),
				Params.required(row.get("created_at", Instant.class)), row.get("voided_at", Instant.class));
	}

	private static Org toOrg(Readable row) {
		return new Org(Params.required(row.get("id", Long.class)), Params.required(row.get("code", String.class)),
				Params.required(row.get("name", String.class)),
				OrgLevel.valueOf(Params.required(row.get("level", String.class))), row.get("parent_id", Long.class),
				Params.required(row.get("path", String.class)));
	}

	record MediaRow(long id, long ownerId, String contentType, long size, String storageKey, Instant createdAt,
			@Nullable Instant voidedAt) {
	}

}
