package cn.luohe.grassroots.ledger.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.List;

import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.common.db.SqlStep;
import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

@Repository
class LedgerRepository {

	private static final String TASK = """
			SELECT id, year, position, domain, content, deadline_month, responsible_units, department,
			       department_code, person, indicators, target, small_unit_target
			  FROM ledger_task
			""";

	private static final String ASSIGNMENT = """
			SELECT a.id, a.task_id, a.unit_org_id, a.unit_name, a.status, a.progress, a.reason, a.done_on
			  FROM ledger_assignment a
			""";

	private static final String REPORT_COLUMNS = """
			SELECT r.id, r.assignment_id, r.status, r.progress, r.text, r.reason, r.numbers::text AS numbers,
			       r.photo_ids, r.reported_by, r.reporter_name AS display_name, r.reported_at
			""";

	private static final String REPORT = REPORT_COLUMNS + " FROM ledger_report r";

	private static final String SUPERVISION_COLUMNS = """
			SELECT s.id, s.assignment_id, s.kind, s.held_on, s.participants, s.findings, s.actions, s.follow_up_on,
			       s.followed_up_at, s.created_by, s.supervisor_name AS display_name, s.created_at
			""";

	private static final String SUPERVISION = SUPERVISION_COLUMNS + " FROM ledger_supervision s";

	private final DatabaseClient db;

	private final JsonMapper json;

	LedgerRepository(DatabaseClient db, JsonMapper json) {
		this.db = db;
		this.json = json;
	}

	Mono<Ledger> ledger(int year) {
		return this.db.sql("SELECT year, title, starts_on, copied_from, created_at FROM ledger WHERE year = :year")
			.bind("year", year)
			.map(LedgerRepository::toLedger)
			.one();
	}

	Flux<Ledger> ledgers() {
		return this.db.sql("SELECT year, title, starts_on, copied_from, created_at FROM ledger ORDER BY year")
			.map(LedgerRepository::toLedger)
			.all();
	}

	/**
	 * Copies a ledger into a new year: its tasks with their deadlines moved by the years
	 * between, then the fan-out into assignments. False when the year exists already.
	 */
	/**
	 * Copies the ledger of {@code from} into {@code to}, its tasks (deadlines moved
	 * along) and their assignments, in one statement; answers the new ledger, or nothing
	 * when {@code to} has one already.
	 */
	Mono<Ledger> copy(int from, int to, String title, LocalDate startsOn, long by, Instant now) {
		return this.db.sql("""
				WITH l AS (
				  INSERT INTO ledger (year, title, starts_on, copied_from, created_by, created_at)
				  VALUES (:to, :title, :startsOn, :from, :by, :now)
				  ON CONFLICT (year) DO NOTHING
				  RETURNING year, title, starts_on, copied_from, created_at
				), t AS (
				  INSERT INTO ledger_task (year, position, domain, content, deadline_month, responsible_units,
				                           department, department_code, person, indicators, target,
				                           small_unit_target, updated_at)
				  SELECT :to, s.position, s.domain, s.content,
				         (s.deadline_month + make_interval(years => :to - :from))::date, s.responsible_units,
				         s.department, s.department_code, s.person, s.indicators, s.target, s.small_unit_target, :now
				    FROM ledger_task s
				   WHERE s.year = :from AND EXISTS (SELECT 1 FROM l)
				  RETURNING id, responsible_units
				), a AS (
				""" + AssignmentFanOut.insert("SELECT id, responsible_units FROM t") + """
				)
				SELECT year, title, starts_on, copied_from, created_at FROM l
				""")
			.bind("to", to)
			.bind("title", title)
			.bind("startsOn", startsOn)
			.bind("from", from)
			.bind("by", by)
			.bind("now", now)
			.map(LedgerRepository::toLedger)
			.one();
	}

	Flux<Task> tasks(int year) {
		return this.db.sql(TASK + " WHERE year = :year ORDER BY position")
			.bind("year", year)
			.map(LedgerRepository::toTask)
			.all();
	}

	Mono<Task> task(long id) {
		return this.db.sql(TASK + " WHERE id = :id").bind("id", id).map(LedgerRepository::toTask).one();
	}

	Mono<Void> updateTask(Task task, Instant now) {
		return this.db.sql("""
				UPDATE ledger_task SET domain = :domain, content = :content, deadline_month = :deadline,
				       department = :department, department_code = :departmentCode, person = :person,
				       updated_at = :now
				 WHERE id = :id
				""")
			.bind("domain", task.domain())
			.bind("content", task.content())
			.bind("deadline", task.deadlineMonth().atDay(1))
			.bind("department", task.department())
			.bind("departmentCode", task.departmentCode())
			.bind("person", task.person())
			.bind("now", now)
			.bind("id", task.id())
			.then();
	}

	Flux<AssignmentRow> assignments(int year) {
		return this.db.sql(ASSIGNMENT + """
				 JOIN ledger_task t ON t.id = a.task_id
				 WHERE t.year = :year
				 ORDER BY t.position, a.id
				""").bind("year", year).map(LedgerRepository::toAssignment).all();
	}

	/**
	 * The assignment, its row locked for the rest of the transaction when {@code lock}.
	 */
	Mono<AssignmentRow> assignment(long id, boolean lock) {
		return this.db.sql(ASSIGNMENT + " WHERE a.id = :id" + (lock ? " FOR UPDATE" : ""))
			.bind("id", id)
			.map(LedgerRepository::toAssignment)
			.one();
	}

	/**
	 * Moves the assignment from the state it was judged in ({@code was}) to
	 * {@code status}, {@code progress}, {@code reason} and {@code doneOn} and writes the
	 * report, with the {@code steps} (photos, feed event, which name the report's id
	 * {@code (SELECT id FROM r)}) in the same statement; answers the report as stored.
	 * Empty when the assignment has moved since it was judged (another report came
	 * first): nothing is updated, and the caller rolls back and judges it again.
	 */
	Mono<Report> insertReport(AssignmentRow was, AssignmentStatus status, int progress, @Nullable String reason,
			@Nullable LocalDate doneOn, AssignmentStatus shownStatus, int shownProgress, String text,
			List<Report.Figure> numbers, List<Long> photoIds, long by, String byName, Instant now, SqlStep... steps) {
		return SqlStep.bind(this.db.sql(SqlStep.with("""
				a AS (
				  UPDATE ledger_assignment SET status = :status, progress = :progress, reason = :reason,
				         done_on = :doneOn, updated_at = :now
				   WHERE id = :assignment AND status = :wasStatus AND progress = :wasProgress
				     AND reason IS NOT DISTINCT FROM :wasReason AND done_on IS NOT DISTINCT FROM :wasDoneOn
				  RETURNING id),
				r AS (
				  INSERT INTO ledger_report (assignment_id, status, progress, text, reason, numbers, photo_ids,
				                             reported_by, reporter_name, reported_at)
				  SELECT a.id, :shownStatus, :shownProgress, :text, :reason, CAST(:numbers AS jsonb), :photos, :by,
				         :byName, :now
				    FROM a
				  RETURNING *)""", REPORT_COLUMNS + "  FROM r", steps)), steps)
			.bind("assignment", was.id())
			.bind("wasStatus", was.status().name())
			.bind("wasProgress", was.progress())
			.bind("wasReason", Params.nullable(was.reason(), String.class))
			.bind("wasDoneOn", Params.nullable(was.doneOn(), LocalDate.class))
			.bind("status", status.name())
			.bind("progress", progress)
			.bind("reason", Params.nullable(reason, String.class))
			.bind("doneOn", Params.nullable(doneOn, LocalDate.class))
			.bind("shownStatus", shownStatus.name())
			.bind("shownProgress", shownProgress)
			.bind("text", text)
			.bind("numbers", this.json.writeValueAsString(numbers))
			.bind("photos", photoIds.toArray(Long[]::new))
			.bind("by", by)
			.bind("byName", byName)
			.bind("now", now)
			.map(this::toReport)
			.one();
	}

	Mono<Report> report(long id) {
		return this.db.sql(REPORT + " WHERE r.id = :id").bind("id", id).map(this::toReport).one();
	}

	Flux<Report> reports(long assignmentId) {
		return this.db.sql(REPORT + " WHERE r.assignment_id = :id ORDER BY r.id")
			.bind("id", assignmentId)
			.map(this::toReport)
			.all();
	}

	/**
	 * Writes the supervision, with the {@code steps} (its feed event, which names its id
	 * {@code (SELECT id FROM s)}) in the same statement; answers it as stored.
	 */
	Mono<Supervision> insertSupervision(long assignmentId, String kind, LocalDate heldOn, @Nullable String participants,
			String findings, String actions, @Nullable LocalDate followUpOn, long by, String byName, Instant now,
			SqlStep... steps) {
		return SqlStep.bind(this.db.sql(SqlStep.with("""
				s AS (
				  INSERT INTO ledger_supervision (assignment_id, kind, held_on, participants, findings, actions,
				                                  follow_up_on, created_by, supervisor_name, created_at)
				  VALUES (:assignment, :kind, :heldOn, :participants, :findings, :actions, :followUpOn, :by, :byName,
				          :now)
				  RETURNING *)""", SUPERVISION_COLUMNS + " FROM s", steps)), steps)
			.bind("assignment", assignmentId)
			.bind("kind", kind)
			.bind("heldOn", heldOn)
			.bind("participants", Params.nullable(participants, String.class))
			.bind("findings", findings)
			.bind("actions", actions)
			.bind("followUpOn", Params.nullable(followUpOn, LocalDate.class))
			.bind("by", by)
			.bind("byName", byName)
			.bind("now", now)
			.map(LedgerRepository::toSupervision)
			.one();
	}

	Mono<Supervision> supervision(long id) {
		return this.db.sql(SUPERVISION + " WHERE s.id = :id").bind("id", id).map(LedgerRepository::toSupervision).one();
	}

	Flux<Supervision> supervisions(long assignmentId) {
		return this.db.sql(SUPERVISION + " WHERE s.assignment_id = :id ORDER BY s.id")
			.bind("id", assignmentId)
			.map(LedgerRepository::toSupervision)
			.all();
	}

	/**
	 * Supervisions of the year whose follow-up is due by {@code day} and not yet done.
	 */
	Flux<Supervision> followUpsDue(int year, LocalDate day) {
		return this.db.sql(SUPERVISION + """
				 JOIN ledger_assignment a ON a.id = s.assignment_id
				 JOIN ledger_task t ON t.id = a.task_id
				 WHERE t.year = :year AND s.follow_up_on <= :day AND s.followed_up_at IS NULL
				 ORDER BY s.follow_up_on, s.id
				""").bind("year", year).bind("day", day).map(LedgerRepository::toSupervision).all();
	}

	Mono<Void> markFollowedUp(long id, Instant now) {
		return this.db.sql("UPDATE ledger_supervision SET followed_up_at = :now WHERE id = :id")
			.bind("now", now)
			.bind("id", id)
			.then();
	}

	private static Ledger toLedger(Readable row) {
		return new Ledger(Params.required(row.get("year", Integer.class)),
				Params.required(row.get("title", String.class)), Params.required(row.get("starts_on", LocalDate.class)),
				row.get("copied_from", Integer.class), Params.required(row.get("created_at", Instant.class)));
	}

	private static Task toTask(Readable row) {
		String[] units = Params.required(row.get("responsible_units", String[].class));
		String[] indicators = Params.required(row.get("indicators", String[].class));
		return new Task(Params.required(row.get("id", Long.class)), Params.required(row.get("year", Integer.class)),
				Params.required(row.get("position", Integer.class)), Params.required(row.get("domain", String.class)),
				Params.required(row.get("content", String.class)),
				YearMonth.from(Params.required(row.get("deadline_month", LocalDate.class))), List.of(units),
				Params.required(row.get("department", String.class)),
				Params.required(row.get("department_code", String.class)),
				Params.required(row.get("person", String.class)),
				Arrays.stream(indicators).map(Indicator::valueOf).toList(), row.get("target", Integer.class),
				row.get("small_unit_target", Integer.class));
	}

	private static AssignmentRow toAssignment(Readable row) {
		return new AssignmentRow(Params.required(row.get("id", Long.class)),
				Params.required(row.get("task_id", Long.class)), Params.required(row.get("unit_org_id", Long.class)),
				Params.required(row.get("unit_name", String.class)),
				AssignmentStatus.valueOf(Params.required(row.get("status", String.class))),
				Params.required(row.get("progress", Integer.class)), row.get("reason", String.class),
				row.get("done_on", LocalDate.class));
	}

	private Report toReport(Readable row) {
		Long[] photos = row.get("photo_ids", Long[].class);
		List<Report.Figure> numbers = this.json.readValue(Params.required(row.get("numbers", String.class)),
				new TypeReference<List<Report.Figure>>() {
				});
		return new Report(Params.required(row.get("id", Long.class)),
				Params.required(row.get("assignment_id", Long.class)),
				AssignmentStatus.valueOf(Params.required(row.get("status", String.class))),
				Params.required(row.get("progress", Integer.class)), Params.required(row.get("text", String.class)),
				row.get("reason", String.class), numbers,
				(photos != null) ? List.copyOf(Arrays.asList(photos)) : List.of(),
				Params.required(row.get("reported_by", Long.class)),
				Params.required(row.get("display_name", String.class)),
				Params.required(row.get("reported_at", Instant.class)));
	}

	private static Supervision toSupervision(Readable row) {
		return new Supervision(Params.required(row.get("id", Long.class)),
				Params.required(row.get("assignment_id", Long.class)), Params.required(row.get("kind", String.class)),
				Params.required(row.get("held_on", LocalDate.class)), row.get("participants", String.class),
				Params.required(row.get("findings", String.class)), Params.required(row.get("actions", String.class)),
				row.get("follow_up_on", LocalDate.class), row.get("followed_up_at", Instant.class),
				Params.required(row.get("created_by", Long.class)),
				Params.required(row.get("display_name", String.class)),
				Params.required(row.get("created_at", Instant.class)));
	}

}
