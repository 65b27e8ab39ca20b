package cn.luohe.grassroots.ledger.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.paging.Cursors;
import cn.luohe.grassroots.common.paging.Limits;
import cn.luohe.grassroots.common.paging.Page;
import cn.luohe.grassroots.common.web.RequestValues;
import cn.luohe.grassroots.dashboard.api.Flag;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.moderation.api.ContentModeration;
import cn.luohe.grassroots.moderation.api.TextScene;
import cn.luohe.grassroots.ledger.internal.Assignment;
import cn.luohe.grassroots.ledger.internal.AssignmentStatus;
import cn.luohe.grassroots.ledger.internal.Board;
import cn.luohe.grassroots.ledger.internal.Ledger;
import cn.luohe.grassroots.ledger.internal.LedgerService;
import cn.luohe.grassroots.ledger.internal.NewReport;
import cn.luohe.grassroots.ledger.internal.NewSupervision;
import cn.luohe.grassroots.ledger.internal.Report;
import cn.luohe.grassroots.ledger.internal.Task;
import cn.luohe.grassroots.ledger.internal.TaskChanges;
import cn.luohe.grassroots.ledger.web.LedgerViews.AssignmentView;
import cn.luohe.grassroots.ledger.web.LedgerViews.CopyLedgerRequest;
import cn.luohe.grassroots.ledger.web.LedgerViews.EditTaskRequest;
import cn.luohe.grassroots.ledger.web.LedgerViews.FollowUpView;
import cn.luohe.grassroots.ledger.web.LedgerViews.LedgerView;
import cn.luohe.grassroots.ledger.web.LedgerViews.MatrixRowView;
import cn.luohe.grassroots.ledger.web.LedgerViews.MatrixView;
import cn.luohe.grassroots.ledger.web.LedgerViews.ReportRequest;
import cn.luohe.grassroots.ledger.web.LedgerViews.ReportResultView;
import cn.luohe.grassroots.ledger.web.LedgerViews.ReportView;
import cn.luohe.grassroots.ledger.web.LedgerViews.RollUpView;
import cn.luohe.grassroots.ledger.web.LedgerViews.SupervisionRequest;
import cn.luohe.grassroots.ledger.web.LedgerViews.SupervisionView;
import cn.luohe.grassroots.ledger.web.LedgerViews.TaskView;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
class LedgerController {

	static final MediaType XLSX = MediaType
		.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

	private final LedgerService ledgers;

	private final LedgerViewMapper mapper;

	private final ContentModeration moderation;

	LedgerController(LedgerService ledgers, LedgerViewMapper mapper, ContentModeration moderation) {
		this.moderation = moderation;
		this.ledgers = ledgers;
		this.mapper = mapper;
	}

	@GetMapping("/ledgers")
	Mono<Page<LedgerView>> ledgers(Caller caller) {
		return this.ledgers.ledgers(caller).map(all -> {
			int current = this.ledgers.currentYear(all);
			return new Page<>(all.stream().map(l -> view(l, l.year() == current)).toList(), null);
		});
	}

	/** Copies a ledger into a new year (CITY_ADMIN). */
	@PostMapping("/ledgers")
	Mono<ResponseEntity<LedgerView>> copy(@Valid @RequestBody CopyLedgerRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey, Caller caller) {
		return this.ledgers
			.copy(caller, idempotencyKey, request.copyFrom(), request.year(), RequestValues.trimmed(request.title()),
					request.startsOn())
			.map(outcome -> ResponseEntity.status(outcome.status()).body(view(outcome.body(), false)));
	}

	/** Tasks of the year, narrowed by domain, department or person (责任人). */
	@GetMapping("/ledgers/{year}/tasks")
	Mono<Page<TaskView>> tasks(@PathVariable int year, @RequestParam(required = false) @Nullable String domain,
			@RequestParam(required = false) @Nullable String department,
			@RequestParam(required = false) @Nullable String departmentCode,
			@RequestParam(required = false) @Nullable String person,
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor, Caller caller) {
		int size = Limits.of(limit);
		long after = Cursors.afterId(cursor);
		Predicate<Task> wanted = task -> matches(domain, task.domain()) && matches(department, task.department())
				&& matches(departmentCode, task.departmentCode()) && matches(person, task.person());
		return board(year, caller)
			.map(board -> page(board.tasks().stream().filter(wanted).map(task -> taskView(board, task)).toList(),
					TaskView::id, after, size));
	}

	/** A city admin's edit of a task's cells. */
	@PatchMapping("/ledger-tasks/{id}")
	Mono<TaskView> editTask(@PathVariable long id, @Valid @RequestBody EditTaskRequest request, Caller caller) {
		TaskChanges changes = new TaskChanges(RequestValues.trimmed(request.domain()),
				RequestValues.trimmed(request.content()),
				(request.deadline() != null) ? RequestValues.month(request.deadline(), "deadline") : null,
				RequestValues.trimmed(request.departmentCode()), RequestValues.trimmed(request.person()));
		return this.ledgers.editTask(caller, id, changes)
			.flatMap(task -> this.ledgers.board(caller, task.year())
				.map(board -> taskView(board,
						board.tasks().stream().filter(t -> t.id() == id).findFirst().orElseThrow())));
	}

	/**
	 * Assignments of the year the caller sees: a county its own, the city all; narrowed
	 * by unit, task, status, flag, department or person.
	 */
	@GetMapping("/ledgers/{year}/assignments")
	Mono<Page<AssignmentView>> assignments(@PathVariable int year,
			@RequestParam(required = false) @Nullable Long unitId,
			@RequestParam(required = false) @Nullable Long taskId,
			@RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable String flag,
			@RequestParam(required = false) @Nullable String departmentCode,
			@RequestParam(required = false) @Nullable String person,
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor, Caller caller) {
		int size = Limits.of(limit);
		long after = Cursors.afterId(cursor);
		AssignmentStatus wantedStatus = (status != null)
				? RequestValues.constant(AssignmentStatus.class, status, "status") : null;
		Flag wantedFlag = (flag != null) ? RequestValues.constant(Flag.class, flag, "flag") : null;
		Mono<Void> unitVisible = (unitId != null) ? this.ledgers.requireUnitFilter(caller, unitId) : Mono.empty();
		return unitVisible.then(this.ledgers.board(caller, year)).map(board -> {
			List<AssignmentView> items = board.assignments()
				.stream()
				.filter(a -> (unitId == null || a.unitId() == unitId) && (taskId == null || a.task().id() == taskId)
						&& (wantedStatus == null || a.status() == wantedStatus)
						&& (wantedFlag == null || a.flag() == wantedFlag)
						&& matches(departmentCode, a.task().departmentCode()) && matches(person, a.task().person()))
				.map(this.mapper::toView)
				.toList();
			return page(items, AssignmentView::id, after, size);
		});
	}

	/**
	 * The matrix of tasks × responsible units with flags, and the flags rolled up per
	 * unit and department.
	 */
	@GetMapping("/ledgers/{year}/matrix")
	Mono<MatrixView> matrix(@PathVariable int year, Caller caller) {
		return board(year, caller).map(board -> {
			List<RollUpView> units = new ArrayList<>();
			board.groupedBy(Assignment::unitName)
				.forEach((name, group) -> units.add(rollUp(name, name, group.getFirst().unitId(), group)));
			units.sort(Comparator.comparing((RollUpView u) -> u.unitId()).thenComparing(RollUpView::name));
			List<RollUpView> departments = new ArrayList<>();
			board.groupedBy(a -> a.task().departmentCode())
				.forEach((code, group) -> departments
					.add(rollUp(code, group.getFirst().task().department(), null, group)));
			List<MatrixRowView> rows = board.tasks()
				.stream()
				.map(task -> new MatrixRowView(task.id(), task.position(), task.domain(), task.content(),
						task.deadline(), board.taskFlag(task.id()).name(),
						board.of(task.id()).stream().map(this.mapper::toCell).toList()))
				.toList();
			return new MatrixView(year, Board.rollUp(board.assignments()).name(), units, departments, rows);
		});
	}

	/** Assignments behind their expectation, furthest behind first. */
	@GetMapping("/ledgers/{year}/laggards")
	Mono<Page<AssignmentView>> laggards(@PathVariable int year, Caller caller) {
		return board(year, caller).map(board -> new Page<>(board.assignments()
			.stream()
			.filter(a -> a.behind() > 0)
			.sorted(Comparator.comparingInt(Assignment::behind)
				.thenComparingLong(Assignment::daysOverdue)
				.reversed()
				.thenComparingInt(a -> a.task().position())
				.thenComparingLong(Assignment::id))
			.map(this.mapper::toView)
			.toList(), null));
	}

	/** Supervisions whose follow-up is due, earliest first. */
	@GetMapping("/ledgers/{year}/follow-ups")
	Mono<Page<FollowUpView>> followUps(@PathVariable int year, Caller caller) {
		return this.ledgers.followUpsDue(caller, year)
			.map(items -> new Page<>(items.stream().map(this.mapper::toView).toList(), null));
	}

	@GetMapping("/ledgers/{year}/export")
	Mono<ResponseEntity<byte[]>> export(@PathVariable int year, @RequestParam(defaultValue = "xlsx") String format,
			Caller caller) {
		if (!format.equals("xlsx")) {
			return Mono.error(ApiException.invalidField("format", "must be xlsx"));
		}
		return this.ledgers.workbook(caller, year)
			.map(bytes -> ResponseEntity.ok()
				.contentType(XLSX)
				.header(HttpHeaders.CONTENT_DISPOSITION,
						ContentDisposition.attachment().filename("ledger-" + year + ".xlsx").build().toString())
				.body(bytes));
	}

	@GetMapping("/ledger-assignments/{id}")
	Mono<AssignmentView> assignment(@PathVariable long id, Caller caller) {
		return this.ledgers.assignment(caller, id).map(this.mapper::toView);
	}

	@PostMapping("/ledger-assignments/{id}/reports")
	Mono<ResponseEntity<ReportResultView>> report(@PathVariable long id, @Valid @RequestBody ReportRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey, Caller caller) {
		AssignmentStatus status = (request.status() != null)
				? RequestValues.constant(AssignmentStatus.class, request.status(), "status") : null;
		String reason = RequestValues.trimmed(request.reason());
		if (reason != null && status != AssignmentStatus.CANNOT_DO) {
			throw ApiException.invalidField("reason", "is given only with the status CANNOT_DO");
		}
		if (status == AssignmentStatus.DONE && request.progress() != null && request.progress() != 100) {
			throw ApiException.invalidField("progress", "must be 100 (or absent) when the status is DONE");
		}
		if (status == AssignmentStatus.NOT_STARTED && request.progress() != null && request.progress() != 0) {
			throw ApiException.invalidField("progress", "must be 0 (or absent) when the status is NOT_STARTED");
		}
		// only a finished assignment stands at 100 %
		if (status != AssignmentStatus.DONE && request.progress() != null && request.progress() == 100) {
			throw ApiException.invalidField("progress", "must be below 100 unless the status is DONE");
		}
		List<Report.Figure> numbers = (request.numbers() != null)
				? request.numbers().stream().map(n -> new Report.Figure(n.label().strip(), n.value())).toList()
				: List.of();
		NewReport report = new NewReport(status, request.progress(), request.text().strip(), reason, numbers,
				RequestValues.photoIds(request.photoIds()));
		return this.moderation.check(caller.userId(), TextScene.FORUM, Arrays.asList(report.text(), reason))
			.flatMap(check -> this.ledgers.report(caller, idempotencyKey, id, report, check))
			.map(outcome -> ResponseEntity.status(outcome.status()).body(this.mapper.toView(outcome.body())));
	}

	@GetMapping("/ledger-assignments/{id}/reports")
	Mono<Page<ReportView>> reports(@PathVariable long id, Caller caller) {
		return this.ledgers.reports(caller, id)
			.map(items -> new Page<>(items.stream().map(this.mapper::toView).toList(), null));
	}

	/**
	 * An interview (约谈) or on-site supervision (现场督导) of an assignment under a black
	 * flag.
	 */
	@PostMapping("/ledger-assignments/{id}/supervisions")
	Mono<ResponseEntity<SupervisionView>> supervise(@PathVariable long id,
			@Valid @RequestBody SupervisionRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey, Caller caller) {
		NewSupervision supervision = new NewSupervision(request.kind(), request.heldOn(),
				RequestValues.trimmed(request.participants()), request.findings().strip(), request.actions().strip(),
				request.followUpOn());
		return this.moderation
			.check(caller.userId(), TextScene.FORUM,
					Arrays.asList(supervision.findings(), supervision.actions(), supervision.participants()))
			.flatMap(check -> this.ledgers.supervise(caller, idempotencyKey, id, supervision, check))
			.map(outcome -> ResponseEntity.status(outcome.status()).body(this.mapper.toView(outcome.body())));
	}

	@GetMapping("/ledger-assignments/{id}/supervisions")
	Mono<Page<SupervisionView>> supervisions(@PathVariable long id, Caller caller) {
		return this.ledgers.supervisions(caller, id)
			.map(items -> new Page<>(items.stream().map(this.mapper::toView).toList(), null));
	}

	/** One report by its own id (what a feed item names), scoped by its assignment. */
	@GetMapping("/ledger-reports/{id}")
	Mono<ReportView> reportById(@PathVariable long id, Caller caller) {
		return this.ledgers.report(caller, id).map(this.mapper::toView);
	}

	/**
	 * One supervision by its own id (what a feed item names), scoped by its assignment.
	 */
	@GetMapping("/ledger-supervisions/{id}")
	Mono<SupervisionView> supervisionById(@PathVariable long id, Caller caller) {
		return this.ledgers.supervision(caller, id).map(this.mapper::toView);
	}

	/** Marks a supervision's follow-up as done. */
	@PostMapping("/ledger-supervisions/{id}/follow-up")
	Mono<SupervisionView> followedUp(@PathVariable long id, Caller caller) {
		return this.ledgers.followedUp(caller, id).map(this.mapper::toView);
	}

	private Mono<Board> board(int year, Caller caller) {
		return this.ledgers.board(caller, year);
	}

	private TaskView taskView(Board board, Task task) {
		List<Assignment> assignments = board.of(task.id());
		return new TaskView(task.id(), task.year(), task.position(), task.domain(), task.content(), task.deadline(),
				task.deadlineMonth().toString(), task.responsibleUnits(), task.department(), task.departmentCode(),
				task.person(), task.indicators().stream().map(Enum::name).toList(), board.taskFlag(task.id()).name(),
				assignments.size(),
				(int) assignments.stream().filter(a -> a.status() == AssignmentStatus.DONE).count());
	}

	private static RollUpView rollUp(String key, String name, @Nullable Long unitId, List<Assignment> group) {
		Map<Flag, Long> counts = group.stream()
			.collect(java.util.stream.Collectors.groupingBy(Assignment::flag, java.util.stream.Collectors.counting()));
		return new RollUpView(key, name, unitId, Board.rollUp(group).name(), group.size(),
				counts.getOrDefault(Flag.RED, 0L).intValue(), counts.getOrDefault(Flag.YELLOW, 0L).intValue(),
				counts.getOrDefault(Flag.BLACK, 0L).intValue(), counts.getOrDefault(Flag.NONE, 0L).intValue());
	}

	private static LedgerView view(Ledger ledger, boolean current) {
		return new LedgerView(ledger.year(), ledger.title(), ledger.startsOn(), ledger.copiedFrom(), current,
				ledger.createdAt());
	}

	private static boolean matches(@Nullable String wanted, String value) {
		return wanted == null || wanted.strip().equals(value);
	}

	/**
	 * A page of a list computed whole (a ledger has a few hundred assignments at most):
	 * the items after the one with id {@code after}.
	 */
	private static <T> Page<T> page(List<T> all, ToLongFunction<T> idOf, long after, int limit) {
		int start = 0;
		if (after > 0) {
			start = -1;
			for (int i = 0; i < all.size(); i++) {
				if (idOf.applyAsLong(all.get(i)) == after) {
					start = i + 1;
					break;
				}
			}
			if (start < 0) {
				throw ApiException.invalidField("cursor", "is not a cursor this list gave");
			}
		}
		List<T> rest = all.subList(Math.min(start, all.size()), Math.min(all.size(), start + limit + 1));
		return Page.of(rest, limit, item -> Long.toString(idOf.applyAsLong(item)));
	}

}
