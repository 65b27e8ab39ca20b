package cn.luohe.grassroots.forms.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Collection;

import cn.luohe.grassroots.common.db.Params;
import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/** Submissions, their audit trail and the filler's notes on lines. */
@Repository
class SubmissionRepository {

	private static final String COLUMNS = "id, unit_id, month, submitted_at, submitted_by, submitted_by_name, late,"
			+ " snapshot::text AS snapshot, reopened_at, reopen_reason";

	private final DatabaseClient db;

	SubmissionRepository(DatabaseClient db) {
		this.db = db;
	}

	/** The unit's submission of the month that is not reopened, or empty. */
	Mono<Submission> open(long unitId, YearMonth month) {
		return this.db
			.sql("SELECT " + COLUMNS
					+ " FROM form_submission WHERE unit_id = :unit AND month = :month AND reopened_at IS NULL")
			.bind("unit", unitId)
			.bind("month", month.atDay(1))
			.map(SubmissionRepository::toSubmission)
			.one();
	}

	/** The open submissions of the month among {@code unitIds}. */
	Flux<Submission> open(Collection<Long> unitIds, YearMonth month) {
		return this.db
			.sql("SELECT " + COLUMNS + " FROM form_submission"
					+ " WHERE unit_id = ANY(:units) AND month = :month AND reopened_at IS NULL")
			.bind("units", unitIds.toArray(Long[]::new))
			.bind("month", month.atDay(1))
			.map(SubmissionRepository::toSubmission)
			.all();
	}

	Mono<Submission> find(long id) {
		return this.db.sql("SELECT " + COLUMNS + " FROM form_submission WHERE id = :id")
			.bind("id", id)
			.map(SubmissionRepository::toSubmission)
			.one();
	}

	/**
	 * Writes the submission and its SUBMITTED audit row in one statement; empty when the
	 * unit's month already has an open submission (the partial unique index decides, also
	 * against a concurrent submit).
	 */
	Mono<Submission> insert(long unitId, YearMonth month, Instant at, long userId, String userName, boolean late,
			String snapshot) {
		return this.db.sql("""
				WITH s AS (
				    INSERT INTO form_submission (unit_id, month, submitted_at, submitted_by, submitted_by_name, late,
				                                 snapshot)
				    VALUES (:unit, :month, :at, :by, :name, :late, :snapshot::jsonb)
				    ON CONFLICT (unit_id, month) WHERE reopened_at IS NULL DO NOTHING
				    RETURNING *
				), audit AS (
				    INSERT INTO form_audit (submission_id, event, actor_user_id, at, reason)
				    SELECT id, 'SUBMITTED', :by, submitted_at, NULL FROM s
				)
				SELECT %s FROM s
				""".formatted(COLUMNS))
			.bind("unit", unitId)
			.bind("month", month.atDay(1))
			.bind("at", at)
			.bind("by", userId)
			.bind("name", userName)
			.bind("late", late)
			.bind("snapshot", snapshot)
			.map(SubmissionRepository::toSubmission)
			.one();
	}

	/** Reopens the submission if it is still open; answers it, or empty if it was not. */
	Mono<Submission> reopen(long id, Instant at, long userId, String reason) {
		return this.db.sql("""
				UPDATE form_submission SET reopened_at = :at, reopened_by = :by, reopen_reason = :reason
				 WHERE id = :id AND reopened_at IS NULL
				RETURNING %s
				""".formatted(COLUMNS))
			.bind("at", at)
			.bind("by", userId)
			.bind("reason", reason)
			.bind("id", id)
			.map(SubmissionRepository::toSubmission)
			.one();
	}

	Mono<Void> audit(long submissionId, String event, long userId, Instant at, @Nullable String reason) {
		return this.db.sql("""
				INSERT INTO form_audit (submission_id, event, actor_user_id, at, reason)
				VALUES (:submission, :event, :actor, :at, :reason)
				""")
			.bind("submission", submissionId)
			.bind("event", event)
			.bind("actor", userId)
			.bind("at", at)
			.bind("reason", Params.nullable(reason, String.class))
			.then();
	}

	/**
	 * The filler units among {@code unitIds} without an open submission of the month, in
	 * the order given by their level and code: one statement over the org tree's table
	 * (read only; the tree is reference data every feature joins).
	 */
	Flux<Pending> pending(String cityPath, YearMonth month) {
		return this.db.sql("""
				SELECT o.id, o.code, o.name, o.level FROM org_unit o
				 WHERE o.path LIKE :prefix AND o.level IN ('COUNTY', 'DEPARTMENT')
				   AND NOT EXISTS (SELECT 1 FROM form_submission s
				                    WHERE s.unit_id = o.id AND s.month = :month AND s.reopened_at IS NULL)
				 ORDER BY o.level, o.code
				""")
			.bind("prefix", Params.likePrefix(cityPath))
			.bind("month", month.atDay(1))
			.map(row -> new Pending(Params.required(row.get("id", Long.class)),
					Params.required(row.get("code", String.class)), Params.required(row.get("name", String.class)),
					Params.required(row.get("level", String.class))))
			.all();
	}

	/** The notes on the lines of a unit's forms of a month. */
	Flux<Note> notes(long unitId, YearMonth month) {
		return this.db.sql("""
				SELECT kind, column_key, record_ref, note FROM form_annotation
				 WHERE unit_id = :unit AND month = :month
				""")
			.bind("unit", unitId)
			.bind("month", month.atDay(1))
			.map(row -> new Note(Params.required(row.get("kind", String.class)),
					Params.required(row.get("column_key", String.class)),
					Params.required(row.get("record_ref", String.class)),
					Params.required(row.get("note", String.class))))
			.all();
	}

	/** Writes (or replaces) the note on one line. */
	Mono<Void> annotate(long unitId, YearMonth month, Note note, long userId, Instant at) {
		return this.db.sql("""
				INSERT INTO form_annotation (unit_id, month, kind, column_key, record_ref, note, written_by, written_at)
				VALUES (:unit, :month, :kind, :column, :ref, :note, :by, :at)
				ON CONFLICT (unit_id, month, kind, column_key, record_ref)
				DO UPDATE SET note = EXCLUDED.note, written_by = EXCLUDED.written_by, written_at = EXCLUDED.written_at
				""")
			.bind("unit", unitId)
			.bind("month", month.atDay(1))
			.bind("kind", note.kind())
			.bind("column", note.column())
			.bind("ref", note.recordRef())
			.bind("note", note.note())
			.bind("by", userId)
			.bind("at", at)
			.then();
	}

	private static Submission toSubmission(Readable row) {
		return new Submission(Params.required(row.get("id", Long.class)),
				Params.required(row.get("unit_id", Long.class)), Params.required(row.get("month", LocalDate.class)),
				Params.required(row.get("submitted_at", Instant.class)),
				Params.required(row.get("submitted_by", Long.class)),
				Params.required(row.get("submitted_by_name", String.class)),
				Boolean.TRUE.equals(row.get("late", Boolean.class)), Params.required(row.get("snapshot", String.class)),
				row.get("reopened_at", Instant.class), row.get("reopen_reason", String.class));
	}

	/** A filler unit without a submission. */
	record Pending(long unitId, String code, String name, String level) {
	}

	/** A filler's note on the line of {@code recordRef} in a column. */
	record Note(String kind, String column, String recordRef, String note) {
	}

}
