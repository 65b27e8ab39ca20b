package cn.luohe.grassroots.forms.internal;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.idempotency.Idempotency;
import cn.luohe.grassroots.common.idempotency.Idempotency.Outcome;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.forms.internal.FormKind.FormColumn;
import cn.luohe.grassroots.forms.internal.FormRecords.Entry;
import cn.luohe.grassroots.forms.internal.Submission.Snapshot;
import cn.luohe.grassroots.forms.internal.SubmissionRepository.Note;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.leagueorg.api.LeagueOrgRecording.Prepared;
import cn.luohe.grassroots.moderation.api.ContentModeration;
import cn.luohe.grassroots.moderation.api.TextScene;
import cn.luohe.grassroots.org.api.Org;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;

/**
 * The forms of a unit and month: computed live from the records with the filler's notes
 * on their lines (the draft), or as submitted (the frozen snapshot). The filler adds a
 * line the records lack (it becomes a record) or annotates one, while the month is not
 * submitted.
 */
@Service
public class FormService {

	private static final Comparator<Entry> LINE_ORDER = Comparator.comparing(Entry::date)
		.thenComparing(Entry::name)
		.thenComparing(Entry::recordRef);

	private final FilerUnits units;

	private final FormRecords records;

	private final SubmissionRepository submissions;

	private final Deadlines deadlines;

	private final Idempotency idempotency;

	private final BusinessClock clock;

	private final JsonMapper json;

	private final ContentModeration moderation;

	FormService(FilerUnits units, FormRecords records, SubmissionRepository submissions, Deadlines deadlines,
			Idempotency idempotency, BusinessClock clock, JsonMapper json, ContentModeration moderation) {
		this.moderation = moderation;
		this.units = units;
		this.records = records;
		this.submissions = submissions;
		this.deadlines = deadlines;
		this.idempotency = idempotency;
		this.clock = clock;
		this.json = json;
	}

	/**
	 * The unit's form: as submitted while the month is submitted, unless {@code live}
	 * asks for the draft computed from the records now.
	 */
	public Mono<FilledForm> read(Caller caller, FormKind kind, YearMonth month, long unitId, boolean live) {
		return this.units.requireForm(caller, unitId, kind, FilerUnits.READERS)
			.flatMap(unit -> openSubmission(unit, month)
				.flatMap(open -> filled(unit, kind, month, open, live, caller.displayName())));
	}

	/** The forms of {@code unit} as a reader who is not the filler sees them. */
	Mono<FilledForm> filled(Org unit, FormKind kind, YearMonth month, Optional<Submission> open, boolean live,
			String readerName) {
		if (open.isPresent() && !live) {
			Submission submission = open.get();
			Form frozen = snapshot(submission).form(kind);
			if (frozen != null) {
				return Mono.just(new FilledForm(frozen, submittedStatus(submission), true, submission.id(),
						submission.submittedAt(), submission.submittedByName(),
						BusinessClock.dateOf(submission.submittedAt())));
			}
		}
		FormStatus status = open.map(FormService::submittedStatus).orElse(FormStatus.DRAFT);
		return compute(unit, kind, month)
			.map(form -> new FilledForm(form, status, false, open.map(Submission::id).orElse(null),
					open.map(Submission::submittedAt).orElse(null), readerName, this.clock.today()));
	}

	/** The live form: the month's records of the unit with the filler's notes. */
	Mono<Form> compute(Org unit, FormKind kind, YearMonth month) {
		return computeAll(unit, EnumSet.of(kind), month).map(forms -> forms.get(kind));
	}

	/**
	 * The live forms of {@code kinds} from one read of the month's records and one of the
	 * notes, each column ordered by date and name. The two reads run one after the other.
	 */
	Mono<Map<FormKind, Form>> computeAll(Org unit, Set<FormKind> kinds, YearMonth month) {
		return this.submissions.notes(unit.id(), month)
			.collectMap(note -> noteKey(note.kind(), note.column(), note.recordRef()), Note::note)
			.flatMap(notes -> this.records.entries(unit, month).map(entries -> {
				Map<FormKind, Form> forms = new EnumMap<>(FormKind.class);
				for (FormKind kind : kinds) {
					forms.put(kind, build(unit, kind, month, entries.getOrDefault(kind, List.of()), notes));
				}
				return forms;
			}));
	}

	static Form build(Org unit, FormKind kind, YearMonth month, List<Entry> entries, Map<String, String> notes) {
		List<Form.Column> columns = new ArrayList<>();
		for (FormColumn column : kind.columns()) {
			List<Form.Line> rows = entries.stream()
				.filter(entry -> entry.column().equals(column.key()))
				.sorted(LINE_ORDER)
				.map(entry -> new Form.Line(entry.name(), entry.date(), entry.recordRef(),
						notes.get(noteKey(kind.key(), column.key(), entry.recordRef()))))
				.toList();
			columns.add(new Form.Column(column.key(), column.title(), rows));
		}
		return new Form(kind.key(), month.toString(), unit.id(), unit.name(), List.copyOf(columns));
	}

	/**
	 * Adds a line the records lack: it becomes a record (so every count sees it) and the
	 * draft shows it at once. The unit, the open month and the record are read and judged
	 * first, outside the transaction; inside it are three statements: the key, the record
	 * with its audit row, feed event and recount (one statement), the stored answer.
	 */
	public Mono<Outcome<AddedLine>> addLine(Caller caller, FormKind kind, YearMonth month, long unitId, NewLine line,
			@Nullable String idempotencyKey) {
		FormColumn column = column(kind, line.column());
		if (!YearMonth.from(line.date()).equals(month)) {
			return Mono.error(ApiException.invalidField("date", "must lie in " + month));
		}
		String operation = "forms.line:" + kind.key() + ":" + unitId + ":" + month;
		Mono<Prepared<FormRecords.Entry>> checks = this.units.requireForm(caller, unitId, kind, FilerUnits.FILLERS)
			.flatMap(unit -> requireOpenMonth(unit, month).then(this.records.prepare(caller, unit, kind, line)));
		return this.idempotency.transact(caller.userId(), idempotencyKey, operation, line, AddedLine.class, checks,
				prepared -> prepared.write()
					.map(entry -> Outcome
						.created(new AddedLine(column.key(), entry.name(), entry.date(), entry.recordRef()))));
	}

	/**
	 * Writes (or replaces) the filler's note on one line of the month's draft: one
	 * statement, no transaction.
	 */
	public Mono<Form.Line> annotate(Caller caller, FormKind kind, YearMonth month, long unitId, String columnKey,
			String recordRef, String note) {
		FormColumn column = column(kind, columnKey);
		return this.units.requireForm(caller, unitId, kind, FilerUnits.FILLERS)
			.flatMap(unit -> requireOpenMonth(unit, month).then(this.records.entries(unit, month)
				.flatMap(entries -> Mono.justOrEmpty(entries.getOrDefault(kind, List.of())
					.stream()
					.filter(entry -> entry.column().equals(column.key()) && entry.recordRef().equals(recordRef))
					.findFirst()))
				.switchIfEmpty(Mono.error(() -> ApiException.notFound("Line")))
				// the note goes to the city in the form and its exports: a risky one is
				// refused (422 CONTENT_REJECTED) before anything is written; one held for
				// review is kept, as the form is read only by its unit and the city
				.flatMap(entry -> this.moderation.check(caller.userId(), TextScene.FORUM, List.of(note))
					.thenReturn(entry))
				.flatMap(entry -> this.submissions
					.annotate(unit.id(), month, new Note(kind.key(), column.key(), recordRef, note), caller.userId(),
							this.clock.now())
					.thenReturn(new Form.Line(entry.name(), entry.date(), entry.recordRef(), note)))));
	}

	Mono<Optional<Submission>> openSubmission(Org unit, YearMonth month) {
		return this.submissions.open(unit.id(), month).map(Optional::of).defaultIfEmpty(Optional.empty());
	}

	Snapshot snapshot(Submission submission) {
		return this.json.readValue(submission.snapshot(), Snapshot.class);
	}

	String snapshotJson(Snapshot snapshot) {
		return this.json.writeValueAsString(snapshot);
	}

	/** The status of an unsubmitted month on the city's list (missing after the 28th). */
	FormStatus unsubmitted(YearMonth month) {
		return this.deadlines.unsubmitted(month);
	}

	static FormStatus submittedStatus(Submission submission) {
		return submission.late() ? FormStatus.LATE : FormStatus.SUBMITTED;
	}

	private Mono<Void> requireOpenMonth(Org unit, YearMonth month) {
		return this.submissions.open(unit.id(), month)
			.flatMap(open -> Mono.<Void>error(ApiException.conflict("FORM_SUBMITTED",
					"This unit's forms of " + month + " are submitted; a CITY_ADMIN can reopen them")));
	}

	private static FormColumn column(FormKind kind, String key) {
		return kind.column(key)
			.orElseThrow(() -> ApiException.invalidField("column",
					"must be one of " + kind.columns().stream().map(FormColumn::key).toList()));
	}

	private static String noteKey(String kind, String column, String recordRef) {
		return kind + '\u0000' + column + '\u0000' + recordRef;
	}

	/** The line a filler added, with the record it became. */
	public record AddedLine(String column, String name, LocalDate date, String recordRef) {
	}

}
