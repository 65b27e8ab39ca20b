package cn.luohe.grassroots.forms.internal;

import java.time.Instant;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.idempotency.Idempotency;
import cn.luohe.grassroots.common.idempotency.Idempotency.Outcome;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.forms.api.FormReminders;
import cn.luohe.grassroots.forms.api.PendingForms;
import cn.luohe.grassroots.forms.internal.FormKind.FormColumn;
import cn.luohe.grassroots.forms.internal.Submission.Snapshot;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.org.api.Org;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Submitting a unit's forms of a month (one open submission per unit and month; late
 * after the 28th), reopening one (CITY_ADMIN, with a reason, audited), the city's list of
 * who stands where with the columns' totals against the previous month, and the reminder
 * hook.
 */
@Service
public class FormSubmissions implements FormReminders {

	private final FilerUnits units;

	private final FormService forms;

	private final FormRecords records;

	private final SubmissionRepository submissions;

	private final Deadlines deadlines;

	private final Idempotency idempotency;

	private final BusinessClock clock;

	private final TransactionalOperator transactions;

	FormSubmissions(FilerUnits units, FormService forms, FormRecords records, SubmissionRepository submissions,
			Deadlines deadlines, Idempotency idempotency, BusinessClock clock, TransactionalOperator transactions) {
		this.transactions = transactions;
		this.units = units;
		this.forms = forms;
		this.records = records;
		this.submissions = submissions;
		this.deadlines = deadlines;
		this.idempotency = idempotency;
		this.clock = clock;
	}

	/**
	 * Freezes both forms the unit fills as they are now. A replay with the same
	 * Idempotency-Key answers the first submission; a second submission while one is open
	 * is 409 ALREADY_SUBMITTED. The unit and the forms are read before the transaction
	 * (their reads may run side by side, which one transaction's connection cannot);
	 * inside it are three statements: the key, the submission with its audit row (one
	 * {@code WITH} statement, which also refuses an open month), the stored answer.
	 */
	public Mono<Outcome<SubmissionView>> submit(Caller caller, long unitId, YearMonth month,
			@Nullable String idempotencyKey) {
		if (month.isAfter(this.clock.currentMonth())) {
			return Mono
				.error(ApiException.unprocessable("MONTH_NOT_STARTED", "A month can be submitted once it has begun"));
		}
		return this.units.require(caller, unitId, FilerUnits.FILLERS)
			.flatMap(unit -> snapshot(unit, month)
				.flatMap(snapshot -> this.transactions.transactional(this.idempotency.run(caller.userId(),
						idempotencyKey, "forms.submit", new SubmitCommand(unit.id(), month.toString()),
						SubmissionView.class, () -> insert(caller, unit, month, snapshot)
							.map(submission -> Outcome.created(view(submission, unit)))))));
	}

	private Mono<Snapshot> snapshot(Org unit, YearMonth month) {
		return this.records.kindsFilledBy(unit)
			.flatMap(kinds -> this.forms.computeAll(unit, kinds, month))
			.map(forms -> new Snapshot(forms.get(FormKind.SCHOOL), forms.get(FormKind.SOCIAL)));
	}

	private Mono<Submission> insert(Caller caller, Org unit, YearMonth month, Snapshot snapshot) {
		Instant now = this.clock.now();
		return this.submissions
			.insert(unit.id(), month, now, caller.userId(), caller.displayName(),
					!now.isBefore(this.deadlines.deadline(month)), this.forms.snapshotJson(snapshot))
			.switchIfEmpty(Mono.error(FormSubmissions::alreadySubmitted));
	}

	/** Reopens a submission (CITY_ADMIN covering the unit) with a reason; audited. */
	@Transactional
	public Mono<SubmissionView> reopen(Caller caller, long submissionId, String reason) {
		return this.submissions.find(submissionId)
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Submission")))
			.flatMap(submission -> this.units.require(caller, submission.unitId(), EnumSet.of(Role.CITY_ADMIN))
				.flatMap(unit -> this.submissions.reopen(submissionId, this.clock.now(), caller.userId(), reason)
					.switchIfEmpty(Mono
						.error(() -> ApiException.conflict("ALREADY_REOPENED", "This submission is already reopened")))
					.flatMap(reopened -> this.submissions
						.audit(reopened.id(), "REOPENED", caller.userId(), Params.required(reopened.reopenedAt()),
								reason)
						.thenReturn(view(reopened, unit)))));
	}

	/**
	 * The city's list for a month: every filler unit the caller's bindings cover, with
	 * its status, its count per column (as submitted, else live), the totals and their
	 * difference from the previous month.
	 */
	public Mono<CityList> list(Caller caller, YearMonth month) {
		if (!caller.hasAnyRole(FilerUnits.READERS)) {
			return Mono.error(ApiException.forbiddenRole());
		}
		return this.units.visibleTo(caller, FilerUnits.READERS)
			.collectList()
			.flatMap(visible -> rows(visible, month)
				.flatMap(rows -> rows(visible, month.minusMonths(1)).map(previous -> {
					Map<String, Map<String, Integer>> totals = totals(rows);
					Map<String, Map<String, Integer>> previousTotals = totals(previous);
					return new CityList(month.toString(), rows, totals, previousTotals,
							difference(totals, previousTotals));
				})));
	}

	private Mono<List<UnitRow>> rows(List<Org> visible, YearMonth month) {
		List<Long> ids = visible.stream().map(Org::id).toList();
		if (ids.isEmpty()) {
			return Mono.just(List.of());
		}
		return this.submissions.open(ids, month)
			.collectMap(Submission::unitId)
			.flatMap(open -> Flux.fromIterable(visible)
				.flatMapSequential(unit -> row(unit, month, Optional.ofNullable(open.get(unit.id()))), 4)
				.collectList());
	}

	private Mono<UnitRow> row(Org unit, YearMonth month, Optional<Submission> open) {
		FormStatus status = open.map(FormService::submittedStatus).orElseGet(() -> this.forms.unsubmitted(month));
		return this.records.kindsFilledBy(unit).flatMap(kinds -> forms(unit, kinds, month, open)).map(forms -> {
			Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
			for (FormKind kind : FormKind.values()) {
				Form form = forms.get(kind);
				if (form != null) {
					counts.put(kind.key(), counts(form));
				}
			}
			Submission submission = open.orElse(null);
			return new UnitRow(unit.id(), unit.name(), unit.level().name(), status, status.flag(),
					(submission != null) ? submission.id() : null,
					(submission != null) ? submission.submittedAt() : null,
					(submission != null) ? submission.submittedByName() : null, counts);
		});
	}

	/** The unit's forms as submitted, else live. */
	private Mono<Map<FormKind, Form>> forms(Org unit, Set<FormKind> kinds, YearMonth month, Optional<Submission> open) {
		if (open.isPresent()) {
			Snapshot snapshot = this.forms.snapshot(open.get());
			Map<FormKind, Form> frozen = new EnumMap<>(FormKind.class);
			for (FormKind kind : kinds) {
				Form form = snapshot.form(kind);
				if (form != null) {
					frozen.put(kind, form);
				}
			}
			if (frozen.keySet().containsAll(kinds)) {
				return Mono.just(frozen);
			}
		}
		return this.forms.computeAll(unit, kinds, month);
	}

	private static Map<String, Integer> counts(Form form) {
		Map<String, Integer> counts = new LinkedHashMap<>();
		for (Form.Column column : form.columns()) {
			counts.put(column.key(), column.rows().size());
		}
		return counts;
	}

	private static Map<String, Map<String, Integer>> totals(List<UnitRow> rows) {
		Map<String, Map<String, Integer>> totals = new LinkedHashMap<>();
		for (FormKind kind : FormKind.values()) {
			Map<String, Integer> columns = new LinkedHashMap<>();
			for (FormColumn column : kind.columns()) {
				columns.put(column.key(), rows.stream()
					.mapToInt(row -> row.counts().getOrDefault(kind.key(), Map.of()).getOrDefault(column.key(), 0))
					.sum());
			}
			totals.put(kind.key(), columns);
		}
		return totals;
	}

	private static Map<String, Map<String, Integer>> difference(Map<String, Map<String, Integer>> now,
			Map<String, Map<String, Integer>> before) {
		Map<String, Map<String, Integer>> difference = new LinkedHashMap<>();
		now.forEach((kind, columns) -> {
			Map<String, Integer> delta = new LinkedHashMap<>();
			Map<String, Integer> previous = before.getOrDefault(kind, Map.of());
			columns.forEach((column, count) -> delta.put(column, count - previous.getOrDefault(column, 0)));
			difference.put(kind, delta);
		});
		return difference;
	}

	@Override
	public Flux<PendingForms> pending(YearMonth month) {
		long daysLeft = this.deadlines.daysLeft(month);
		return this.units.city()
			.flatMapMany(city -> this.submissions.pending(city.path(), month))
			.map(pending -> new PendingForms(pending.unitId(), pending.code(), pending.name(), pending.level(),
					this.deadlines.dueOn(month), daysLeft));
	}

	private static SubmissionView view(Submission submission, Org unit) {
		return new SubmissionView(submission.id(), submission.unitId(), unit.name(),
				YearMonth.from(submission.month()).toString(), submittedStatus(submission).name(),
				submission.submittedAt(), submission.submittedByName(), submission.late(), submission.reopenedAt(),
				submission.reopenReason());
	}

	private static FormStatus submittedStatus(Submission submission) {
		return FormService.submittedStatus(submission);
	}

	private static ApiException alreadySubmitted() {
		return ApiException.conflict("ALREADY_SUBMITTED",
				"This unit's forms of the month are already submitted; a CITY_ADMIN can reopen them");
	}

	/** What is hashed for the Idempotency-Key. */
	record SubmitCommand(long unitId, String month) {
	}

	/** A submission as answered. */
	public record SubmissionView(long id, long unitId, String unitName, String month, String status,
			Instant submittedAt, String submittedBy, boolean late, @Nullable Instant reopenedAt,
			@Nullable String reopenReason) {
	}

	/** One filler unit on the city's list. */
	public record UnitRow(long unitId, String unitName, String unitLevel, FormStatus status, String flag,
			@Nullable Long submissionId, @Nullable Instant submittedAt, @Nullable String submittedBy,
			Map<String, Map<String, Integer>> counts) {
	}

	/** The city's list with the totals per form and column. */
	public record CityList(String month, List<UnitRow> items, Map<String, Map<String, Integer>> totals,
			Map<String, Map<String, Integer>> previousTotals, Map<String, Map<String, Integer>> difference) {
	}

}
