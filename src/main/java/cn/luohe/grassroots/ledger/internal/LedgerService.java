package cn.luohe.grassroots.ledger.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.idempotency.Idempotency;
import cn.luohe.grassroots.common.idempotency.Idempotency.Outcome;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.feed.api.FeedEventDraft;
import cn.luohe.grassroots.feed.api.FeedEventType;
import cn.luohe.grassroots.moderation.api.ContentModeration;
import cn.luohe.grassroots.moderation.api.TextCheck;
import cn.luohe.grassroots.identity.api.Access;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.leagueorg.api.Department;
import cn.luohe.grassroots.leagueorg.api.DepartmentResponsibilities;
import cn.luohe.grassroots.media.api.MediaLibrary;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgDirectory;
import cn.luohe.grassroots.org.api.OrgLevel;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The work ledger: reading it as a caller sees it (judged on the business clock's day),
 * progress reports, supervision, copies into a new year and a city admin's edits.
 */
@Service
public class LedgerService {

	private static final String CITY_CODE = "4111";

	private static final int SUMMARY_LENGTH = 40;

	/**
	 * How often a report is judged again when another report moved its assignment first.
	 */
	private static final int MOVED_RETRIES = 5;

	private final LedgerRepository ledgers;

	private final Measurements measurements;

	private final FlagJudge judge;

	private final Access access;

	private final OrgDirectory orgs;

	private final Idempotency idempotency;

	private final ContentModeration moderation;

	private final MediaLibrary media;

	private final BusinessClock clock;

	private final DepartmentResponsibilities departments;

	LedgerService(LedgerRepository ledgers, Measurements measurements, LedgerProperties rules, Access access,
			OrgDirectory orgs, Idempotency idempotency, ContentModeration moderation, MediaLibrary media,
			BusinessClock clock, DepartmentResponsibilities departments) {
		this.departments = departments;
		this.ledgers = ledgers;
		this.measurements = measurements;
		this.judge = new FlagJudge(rules);
		this.access = access;
		this.orgs = orgs;
		this.idempotency = idempotency;
		this.moderation = moderation;
		this.media = media;
		this.clock = clock;
	}

	/** Every ledger, oldest first. */
	public Mono<List<Ledger>> ledgers(Caller caller) {
		viewer(caller);
		return this.ledgers.ledgers().collectList();
	}

	/** The year users see: the ledger of the current year, else the latest before it. */
	public int currentYear(List<Ledger> ledgers) {
		int year = this.clock.today().getYear();
		return ledgers.stream().mapToInt(Ledger::year).filter(y -> y <= year).max().orElse(year);
	}

	/** The year's ledger as the caller sees it today. */
	public Mono<Board> board(Caller caller, int year) {
		Viewer viewer = viewer(caller);
		LedgerYears.require(year, "year");
		return ledger(year).flatMap(
				ledger -> Mono.zip(this.ledgers.tasks(year).collectList(), this.ledgers.assignments(year).collectList())
					.flatMap(loaded -> unitOrgs(loaded.getT2()).flatMap(units -> {
						Map<Long, Task> tasks = tasksById(loaded.getT1());
						// every assignment's unit and task exist (foreign keys)
						List<AssignmentRow> visible = loaded.getT2()
							.stream()
							.filter(row -> viewer.sees(Objects.requireNonNull(units.get(row.unitOrgId())),
									Objects.requireNonNull(tasks.get(row.taskId()))))
							.toList();
						return judged(ledger, loaded.getT1(), visible, units)
							.map(assignments -> new Board(ledger, loaded.getT1(), assignments));
					})));
	}

	/**
	 * A unit the caller may narrow a list of assignments to (what a board shows of it
	 * stays the caller's): NOT_FOUND for an unknown org, FORBIDDEN_SCOPE for a unit
	 * outside their scope where none of their assignments can be.
	 */
	public Mono<Void> requireUnitFilter(Caller caller, long unitId) {
		Viewer viewer = viewer(caller);
		return this.orgs.require(unitId)
			.flatMap(unit -> viewer.filters(unit) ? Mono.<Void>empty() : Mono.error(ApiException.forbiddenScope()));
	}

	/** An assignment the caller sees, judged today. */
	public Mono<Assignment> assignment(Caller caller, long id) {
		Viewer viewer = viewer(caller);
		return this.ledgers.assignment(id, false)
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Assignment " + id)))
			.flatMap(row -> Mono.zip(this.orgs.require(row.unitOrgId()), this.ledgers.task(row.taskId()))
				.flatMap(found -> {
					if (!viewer.sees(found.getT1(), found.getT2())) {
						return Mono.error(ApiException.forbiddenScope());
					}
					return judgedOne(row, found.getT1());
				}));
	}

	public Mono<List<Report>> reports(Caller caller, long assignmentId) {
		return assignment(caller, assignmentId).flatMap(a -> this.ledgers.reports(a.id()).collectList());
	}

	/** One report, for whoever sees its assignment (a feed item opens it). */
	public Mono<Report> report(Caller caller, long reportId) {
		return this.ledgers.report(reportId)
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Report " + reportId)))
			.flatMap(report -> assignment(caller, report.assignmentId()).thenReturn(report));
	}

	/** One supervision, for whoever sees its assignment (a feed item opens it). */
	public Mono<Supervision> supervision(Caller caller, long supervisionId) {
		return this.ledgers.supervision(supervisionId)
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Supervision " + supervisionId)))
			.flatMap(supervision -> assignment(caller, supervision.assignmentId()).thenReturn(supervision));
	}

	public Mono<List<Supervision>> supervisions(Caller caller, long assignmentId) {
		return assignment(caller, assignmentId).flatMap(a -> this.ledgers.supervisions(a.id()).collectList());
	}

	/**
	 * Records progress. The assignment, its unit, task and measured figures are read, the
	 * caller's scope checked, the report judged and the photos' ownership checked first,
	 * outside the transaction; inside it are three statements: the idempotency key, the
	 * assignment's new state with the report, its photos' attachment and feed event (one
	 * {@code WITH} statement), the stored answer. The statement moves the assignment only
	 * from the state it was judged in: a report that came first in between makes it write
	 * nothing, and this one is judged again on the new state, as a lock would have
	 * ordered them. A measured task's status and progress follow its records: only text,
	 * figures, photos and "cannot be done" are reported by hand.
	 */
	public Mono<Outcome<ReportResult>> report(Caller caller, @Nullable String idempotencyKey, long assignmentId,
			NewReport report, TextCheck check) {
		Viewer viewer = viewer(caller);
		String operation = "ledger.report:" + assignmentId;
		return Mono.defer(() -> {
			Mono<PlannedReport> checks = this.ledgers.assignment(assignmentId, false)
				.switchIfEmpty(Mono.error(() -> ApiException.notFound("Assignment " + assignmentId)))
				.flatMap(row -> Mono.zip(this.orgs.require(row.unitOrgId()), this.ledgers.task(row.taskId()))
					.flatMap(found -> {
						Org unit = found.getT1();
						// a department's staff report for the city-level units of its
						// tasks (colleges, 市直 bodies); counties report for themselves
						if (!(viewer.owns(found.getT2()) && unit.level() == OrgLevel.CITY)) {
							this.access.require(caller, unit, Viewer.REPORTERS);
						}
						return judging(row, unit).flatMap(judging -> plan(caller, row, judging, unit, report))
							.flatMap(planned -> this.media.requireOwned(caller.userId(), report.photoIds())
								.thenReturn(planned));
					}));
			return this.idempotency.transact(caller.userId(), idempotencyKey, operation, report, ReportResult.class,
					checks, planned -> writeReport(caller, planned, report, check));
		})
			.retryWhen(Retry.max(MOVED_RETRIES)
				.filter(AssignmentMoved.class::isInstance)
				.onRetryExhaustedThrow((spec, signal) -> ApiException.conflict("ASSIGNMENT_BUSY",
						"Other reports on this assignment keep coming first; send this one again")));
	}

	/** The assignment moved between its judgement and the report's statement. */
	private static final class AssignmentMoved extends RuntimeException {

		AssignmentMoved() {
			super(null, null, false, false);
		}

	}

	private Viewer viewer(Caller caller) {
		return Viewer.of(caller, this.departments);
	}

	private static Map<Long, Task> tasksById(List<Task> tasks) {
		return tasks.stream().collect(Collectors.toMap(Task::id, Function.identity()));
	}

	/**
	 * Judges a report on the assignment as it stands: its new state, and what the report
	 * and its feed event show.
	 */
	private Mono<PlannedReport> plan(Caller caller, AssignmentRow row, Judging judging, Org unit, NewReport report) {
		Assignment current = judging.assess(row);
		Task task = current.task();
		boolean measured = current.measured()
				|| row.status() == AssignmentStatus.CANNOT_DO && !task.indicators().isEmpty();
		if (measured && (report.progress() != null || report.status() == AssignmentStatus.DONE
				|| report.status() == AssignmentStatus.NOT_STARTED)) {
			return Mono.error(ApiException.unprocessable("MEASURED_TASK",
					"This task's status and progress follow the records that measure it; report text, figures, photos,"
							+ " CANNOT_DO or IN_PROGRESS (follow the records again)"));
		}
		AssignmentStatus status = (report.status() != null) ? report.status() : switch (row.status()) {
			case NOT_STARTED -> (report.progress() != null && report.progress() > 0 || !measured)
					? AssignmentStatus.IN_PROGRESS : AssignmentStatus.NOT_STARTED;
			default -> row.status();
		};
		if (report.status() == null && report.progress() != null
				&& (row.status() == AssignmentStatus.DONE || row.status() == AssignmentStatus.CANNOT_DO)) {
			return Mono.error(ApiException.unprocessable("STATUS_REQUIRED",
					"The assignment is " + row.status() + "; give a status to change its progress"));
		}
		// NOT_STARTED stands at 0 and DONE at 100; IN_PROGRESS and CANNOT_DO take the
		// progress given (below 100: the request's checks refused 100 without DONE and a
		// NOT_STARTED above 0), else keep the one reached; a status moved back from DONE
		// names its progress instead of keeping DONE's 100
		int progress = switch (status) {
			case DONE -> 100;
			case NOT_STARTED -> 0;
			default -> Objects.requireNonNullElse(report.progress(), row.progress());
		};
		if (!measured && row.status() == AssignmentStatus.DONE && status != AssignmentStatus.DONE
				&& report.progress() == null && progress == 100) {
			return Mono.error(ApiException.invalidField("progress",
					"is required (below 100) when the status moves back from DONE"));
		}
		String reason = (status == AssignmentStatus.CANNOT_DO)
				? Objects.requireNonNullElse(report.reason(), Objects.requireNonNullElse(row.reason(), "")) : null;
		if (status == AssignmentStatus.CANNOT_DO && (reason == null || reason.isEmpty())) {
			return Mono.error(ApiException.invalidField("reason", "is required when the status is CANNOT_DO"));
		}
		LocalDate today = this.clock.today();
		LocalDate doneOn = (status != AssignmentStatus.DONE) ? null
				: (row.status() == AssignmentStatus.DONE && row.doneOn() != null) ? row.doneOn() : today;
		FeedEventType type = (status == AssignmentStatus.DONE && row.status() != AssignmentStatus.DONE)
				? FeedEventType.LEDGER_DONE : FeedEventType.LEDGER_PROGRESS;
		// a measured task's report records (and the feed shows) the figures as they stand
		boolean computed = measured && status != AssignmentStatus.CANNOT_DO;
		AssignmentStatus shownStatus = computed ? current.status() : status;
		int shownProgress = computed ? current.progress() : progress;
		String summary = row.unitName() + "：" + shorten(task.content()) + "（" + switch (shownStatus) {
			case DONE -> "已完成";
			case CANNOT_DO -> "无法完成";
			default -> shownProgress + "%";
		} + "）";
		AssignmentRow after = new AssignmentRow(row.id(), row.taskId(), row.unitOrgId(), row.unitName(), status,
				progress, reason, doneOn);
		return Mono.just(new PlannedReport(row, after, judging, unit, shownStatus, shownProgress, type, summary));
	}

	private Mono<Outcome<ReportResult>> writeReport(Caller caller, PlannedReport planned, NewReport report,
			TextCheck check) {
		var now = this.clock.now();
		AssignmentRow after = planned.after();
		String reportId = "(SELECT id FROM r)";
		FeedEventDraft event = new FeedEventDraft(planned.type(), planned.unit(), caller.userId(), caller.displayName(),
				now, planned.summary(), null, report.photoIds());
		return this.ledgers
			.insertReport(planned.was(), after.status(), after.progress(), after.reason(), after.doneOn(),
					planned.shownStatus(), planned.shownProgress(), report.text(), report.numbers(), report.photoIds(),
					caller.userId(), caller.displayName(), now,
					this.media.attachStep("photos", report.photoIds(), ReportPhotoReadRule.RECORD_TYPE, reportId,
							planned.unit()),
					// a held text's event waits in the moderation queue instead
					this.moderation.publishStep("event", check, event, reportId))
			.switchIfEmpty(Mono.error(AssignmentMoved::new))
			.map(stored -> Outcome.created(new ReportResult(stored, planned.judging().assess(after))));
	}

	/**
	 * A report judged before its transaction: the assignment as judged and as it will
	 * stand, what the report and its feed event show.
	 */
	private record PlannedReport(AssignmentRow was, AssignmentRow after, Judging judging, Org unit,
			AssignmentStatus shownStatus, int shownProgress, FeedEventType type, String summary) {
	}

	/**
	 * Records an interview (约谈) or on-site supervision (现场督导) of an assignment under a
	 * black flag, with its feed event. The assignment, its flag, its unit and the
	 * caller's right to supervise are read and judged first, outside the transaction;
	 * inside it are three statements: the idempotency key, the supervision with its feed
	 * event (one {@code WITH} statement), the stored answer.
	 */
	public Mono<Outcome<Supervision>> supervise(Caller caller, @Nullable String idempotencyKey, long assignmentId,
			NewSupervision supervision, TextCheck check) {
		Viewer viewer = viewer(caller);
		LocalDate today = this.clock.today();
		if (supervision.heldOn().isAfter(today)) {
			return Mono.error(ApiException.invalidField("heldOn", "must not lie in the future"));
		}
		if (supervision.followUpOn() != null && supervision.followUpOn().isBefore(supervision.heldOn())) {
			return Mono.error(ApiException.invalidField("followUpOn", "must not lie before heldOn"));
		}
		String operation = "ledger.supervision:" + assignmentId;
		Mono<Supervised> checks = assignment(caller, assignmentId).flatMap(judged -> {
			if (!viewer.supervises(judged.task())) {
				return Mono.error(ApiException.forbiddenRole());
			}
			if (judged.flag() != cn.luohe.grassroots.dashboard.api.Flag.BLACK) {
				return Mono.error(ApiException.unprocessable("NOT_UNDER_BLACK_FLAG",
						"Only an assignment under a black flag is supervised; this one is " + judged.flag()));
			}
			// held in the ledger's year or after, never before its tasks existed (a 2026
			// assignment took a supervision held on 2020-01-05)
			LocalDate yearStart = LocalDate.of(judged.task().year(), 1, 1);
			if (supervision.heldOn().isBefore(yearStart)) {
				return Mono.error(ApiException
					.validation(List.of(ApiException.FieldProblem.of("heldOn", "notBefore", yearStart.toString()))));
			}
			return this.orgs.require(judged.unitId()).map(unit -> new Supervised(judged, unit));
		});
		return this.idempotency.transact(caller.userId(), idempotencyKey, operation, supervision, Supervision.class,
				checks, supervised -> writeSupervision(caller, supervised, supervision, check));
	}

	private Mono<Outcome<Supervision>> writeSupervision(Caller caller, Supervised supervised,
			NewSupervision supervision, TextCheck check) {
		var now = this.clock.now();
		Assignment judged = supervised.assignment();
		String summary = ("INTERVIEW".equals(supervision.kind()) ? "约谈" : "现场督导") + " " + judged.unitName() + "："
				+ shorten(judged.task().content());
		FeedEventDraft event = new FeedEventDraft(FeedEventType.LEDGER_SUPERVISION, supervised.unit(), caller.userId(),
				caller.displayName(), now, summary, null, List.of());
		return this.ledgers
			.insertSupervision(judged.id(), supervision.kind(), supervision.heldOn(), supervision.participants(),
					supervision.findings(), supervision.actions(), supervision.followUpOn(), caller.userId(),
					caller.displayName(), now,
					// a held text's event waits in the moderation queue instead
					this.moderation.publishStep("event", check, event, "(SELECT id FROM s)"))
			.map(Outcome::created);
	}

	/**
	 * An assignment under a black flag as judged before its supervision, and its unit.
	 */
	private record Supervised(Assignment assignment, Org unit) {
	}

	/** Supervisions of the year whose follow-up is due today or earlier and not done. */
	public Mono<List<FollowUp>> followUpsDue(Caller caller, int year) {
		return board(caller, year).flatMap(board -> {
			Map<Long, Assignment> byId = board.assignments()
				.stream()
				.collect(Collectors.toMap(Assignment::id, Function.identity()));
			return this.ledgers.followUpsDue(year, this.clock.today())
				.filter(s -> byId.containsKey(s.assignmentId()))
				.map(s -> new FollowUp(s, Objects.requireNonNull(byId.get(s.assignmentId()))))
				.collectList();
		});
	}

	/** Marks a supervision's follow-up as done (the first time counts). */
	@Transactional
	public Mono<Supervision> followedUp(Caller caller, long supervisionId) {
		Viewer viewer = viewer(caller);
		return this.ledgers.supervision(supervisionId)
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Supervision " + supervisionId)))
			.flatMap(s -> assignment(caller, s.assignmentId()).flatMap(judged -> viewer.supervises(judged.task())
					? Mono.just(s) : Mono.<Supervision>error(ApiException.forbiddenRole())))
			.flatMap(s -> (s.followedUpAt() != null) ? Mono.just(s)
					: this.ledgers.markFollowedUp(s.id(), this.clock.now()).then(this.ledgers.supervision(s.id())));
	}

	/**
	 * Copies a ledger into a new year (CITY_ADMIN); its tasks' deadlines move along. The
	 * caller's right, the source ledger and the start are judged first, outside the
	 * transaction; inside it are three statements: the key, the copy (ledger, tasks and
	 * assignments in one statement), the stored answer.
	 */
	public Mono<Outcome<Ledger>> copy(Caller caller, @Nullable String idempotencyKey, int from, int to,
			@Nullable String title, @Nullable LocalDate startsOn) {
		// a year the reads refuse is never written
		LedgerYears.require(to, "year");
		LedgerYears.require(from, "copyFrom");
		List<Object> request = List.of(from, to, Objects.toString(title), Objects.toString(startsOn));
		LocalDate starts = (startsOn != null) ? startsOn : LocalDate.of(to, 1, 1);
		Mono<Ledger> checks = cityAdmin(caller).then(ledger(from))
			.flatMap(source -> (starts.getYear() != to)
					? Mono.<Ledger>error(ApiException.invalidField("startsOn", "must lie in " + to))
					: Mono.just(source));
		return this.idempotency.transact(caller.userId(), idempotencyKey, "ledger.copy", request, Ledger.class, checks,
				source -> {
					String name = (title != null) ? title
							: source.title().replace(Integer.toString(from), Integer.toString(to));
					return this.ledgers.copy(from, to, name, starts, caller.userId(), this.clock.now())
						.switchIfEmpty(Mono.error(() -> ApiException.conflict("LEDGER_EXISTS",
								"The ledger of " + to + " exists already")))
						.map(Outcome::created);
				});
	}

	/** A city admin's edit of a task's cells. */
	@Transactional
	public Mono<Task> editTask(Caller caller, long taskId, TaskChanges changes) {
		return cityAdmin(caller).then(this.ledgers.task(taskId))
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Task " + taskId)))
			.flatMap(task -> {
				if (changes.deadline() != null && changes.deadline().getYear() != task.year()) {
					return Mono.error(ApiException.invalidField("deadline", "must lie in " + task.year()));
				}
				String code = (changes.departmentCode() != null) ? changes.departmentCode() : task.departmentCode();
				String department = Department.ofCode(code).map(Department::title).orElse(null);
				if (department == null) {
					return Mono.error(ApiException.invalidField("departmentCode", "must be one of "
							+ java.util.Arrays.stream(Department.values()).map(Department::code).toList()));
				}
				Task edited = new Task(task.id(), task.year(), task.position(),
						Objects.requireNonNullElse(changes.domain(), task.domain()),
						Objects.requireNonNullElse(changes.content(), task.content()),
						Objects.requireNonNullElse(changes.deadline(), task.deadlineMonth()), task.responsibleUnits(),
						(changes.departmentCode() != null) ? department : task.department(), code,
						Objects.requireNonNullElse(changes.person(), task.person()), task.indicators(), task.target(),
						task.smallUnitTarget());
				return this.ledgers.updateTask(edited, this.clock.now()).thenReturn(edited);
			});
	}

	/**
	 * The year's ledger as the caller sees it, as an XLSX workbook written on a worker
	 * thread.
	 */
	public Mono<byte[]> workbook(Caller caller, int year) {
		return board(caller, year).flatMap(board -> Mono.fromCallable(() -> LedgerWorkbook.write(board))
			.subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()));
	}

	private Mono<Void> cityAdmin(Caller caller) {
		return this.orgs.findByCode(CITY_CODE)
			.doOnNext(city -> this.access.require(caller, city, Set.of(Role.CITY_ADMIN)))
			.then();
	}

	private Mono<Ledger> ledger(int year) {
		return this.ledgers.ledger(year)
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("The ledger of " + year)));
	}

	private Mono<Map<Long, Org>> unitOrgs(List<AssignmentRow> rows) {
		return this.orgs.findAllById(rows.stream().map(AssignmentRow::unitOrgId).distinct().toList())
			.collectMap(Org::id);
	}

	private Mono<Assignment> judgedOne(AssignmentRow row, Org unit) {
		return judging(row, unit).map(judging -> judging.assess(row));
	}

	/**
	 * What an assignment of {@code unit} is judged with today: its ledger, its task and,
	 * for a measured task, the unit's figures (as {@link #judged} measures them).
	 */
	private Mono<Judging> judging(AssignmentRow row, Org unit) {
		LocalDate today = this.clock.today();
		return this.ledgers.task(row.taskId()).flatMap(task -> this.ledgers.ledger(task.year()).flatMap(ledger -> {
			if (task.indicators().isEmpty()) {
				return Mono.just(new Judging(ledger, task, null, today));
			}
			List<Org> counties = (unit.level() == OrgLevel.COUNTY) ? List.of(unit) : List.of();
			LocalDate asOf = today.isAfter(task.deadline()) ? task.deadline() : today;
			return this.measurements.measure(task, ledger.startsOn(), counties, asOf)
				.map(figures -> new Judging(ledger, task, figures.get(unit.id()), today));
		}));
	}

	/** An assignment's ledger, task and figures, judged on {@code today}. */
	private final class Judging {

		private final Ledger ledger;

		private final Task task;

		private final @Nullable List<Measure> figures;

		private final LocalDate today;

		Judging(Ledger ledger, Task task, @Nullable List<Measure> figures, LocalDate today) {
			this.ledger = ledger;
			this.task = task;
			this.figures = figures;
			this.today = today;
		}

		Assignment assess(AssignmentRow row) {
			return LedgerService.this.assess(this.ledger, this.task, row, this.figures, this.today);
		}

	}

	/**
	 * Judges assignments on today's date: measured tasks are measured first, one query
	 * per indicator and task for all its county-level units.
	 */
	private Mono<List<Assignment>> judged(Ledger ledger, Collection<Task> tasks, List<AssignmentRow> rows,
			Map<Long, Org> units) {
		LocalDate today = this.clock.today();
		Map<Long, Task> byId = tasks.stream().collect(Collectors.toMap(Task::id, Function.identity()));
		Map<Long, List<AssignmentRow>> rowsByTask = rows.stream().collect(Collectors.groupingBy(AssignmentRow::taskId));
		// every row's task and unit were loaded with it
		return Flux.fromIterable(rowsByTask.entrySet())
			.filter(entry -> !task(byId, entry.getKey()).indicators().isEmpty())
			.concatMap(entry -> {
				Task task = task(byId, entry.getKey());
				List<Org> counties = entry.getValue()
					.stream()
					.map(row -> Objects.requireNonNull(units.get(row.unitOrgId())))
					.filter(org -> org.level() == OrgLevel.COUNTY)
					.toList();
				LocalDate asOf = today.isAfter(task.deadline()) ? task.deadline() : today;
				return this.measurements.measure(task, ledger.startsOn(), counties, asOf)
					.map(figures -> Map.entry(task.id(), figures));
			})
			.collectMap(Map.Entry::getKey, Map.Entry::getValue, HashMap::new)
			.map(measured -> {
				List<Assignment> out = new ArrayList<>(rows.size());
				for (AssignmentRow row : rows) {
					Task task = task(byId, row.taskId());
					List<Measure> figures = measured.getOrDefault(task.id(), Map.of()).get(row.unitOrgId());
					out.add(assess(ledger, task, row, figures, today));
				}
				return out;
			});
	}

	private static Task task(Map<Long, Task> byId, long id) {
		return Objects.requireNonNull(byId.get(id), "task of a loaded assignment");
	}

	private Assignment assess(Ledger ledger, Task task, AssignmentRow row, @Nullable List<Measure> figures,
			LocalDate today) {
		AssignmentStatus status = row.status();
		int progress = row.progress();
		LocalDate doneOn = row.doneOn();
		boolean measured = figures != null && !figures.isEmpty();
		if (figures != null && measured && status != AssignmentStatus.CANNOT_DO) {
			double mean = figures.stream().mapToDouble(Measure::ratio).average().orElse(0);
			boolean done = figures.stream().allMatch(m -> m.value() >= m.of());
			progress = done ? 100 : (int) Math.floor(mean * 100);
			status = done ? AssignmentStatus.DONE
					: (progress > 0) ? AssignmentStatus.IN_PROGRESS : AssignmentStatus.NOT_STARTED;
			doneOn = done ? (today.isAfter(task.deadline()) ? task.deadline() : today) : null;
		}
		FlagJudge.Judgement judgement = this.judge.judge(status, progress, doneOn, ledger.startsOn(), task.deadline(),
				today);
		return new Assignment(row.id(), task, row.unitOrgId(), row.unitName(), status, progress, row.reason(), doneOn,
				measured, measured ? List.copyOf(figures) : List.of(), judgement.flag(), judgement.expected(),
				judgement.behind(), judgement.daysOverdue());
	}

	private static String shorten(String text) {
		return (text.length() <= SUMMARY_LENGTH) ? text : text.substring(0, SUMMARY_LENGTH) + "…";
	}

}
