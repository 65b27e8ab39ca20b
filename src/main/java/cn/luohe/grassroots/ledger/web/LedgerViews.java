package cn.luohe.grassroots.ledger.web;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import cn.luohe.grassroots.common.time.BusinessDate;
import org.hibernate.validator.constraints.UniqueElements;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** Requests and views of the work-ledger endpoints. */
final class LedgerViews {

	private LedgerViews() {
	}

	/** The years are judged by the service's one rule for ledger years. */
	record CopyLedgerRequest(@NotNull Integer year, @NotNull Integer copyFrom,
			@Nullable @Size(min = 1, max = 200) String title, @Nullable LocalDate startsOn) {
	}

	record EditTaskRequest(@Nullable @Size(min = 1, max = 100) String domain,
			@Nullable @Size(min = 1, max = 2000) String content,
			@Nullable @Pattern(regexp = "\\d{4}-(0[1-9]|1[0-2])",
					message = "must be a month as YYYY-MM") String deadline,
			@Nullable @Size(min = 1, max = 20) String departmentCode,
			@Nullable @Size(min = 1, max = 50) String person) {
	}

	record FigureRequest(@NotBlank @Size(max = 40) String label,
			@NotNull @Min(-1_000_000_000) @Max(1_000_000_000) Double value) {
	}

	record ReportRequest(@Nullable @Pattern(regexp = "NOT_STARTED|IN_PROGRESS|DONE|CANNOT_DO") String status,
			@Nullable @Min(0) @Max(100) Integer progress, @NotBlank @Size(max = 2000) String text,
			@Nullable @Size(min = 1, max = 500) String reason,
			@Nullable @Size(max = 20) List<@Valid @NotNull FigureRequest> numbers,
			@Nullable @Size(max = 9) @UniqueElements List<@NotNull @Positive Long> photoIds) {
	}

	record SupervisionRequest(@NotNull @Pattern(regexp = "INTERVIEW|ONSITE") String kind,
			@NotNull @BusinessDate(ahead = false) LocalDate heldOn, @Nullable @Size(max = 500) String participants,
			@NotBlank @Size(max = 2000) String findings, @NotBlank @Size(max = 2000) String actions,
			@Nullable LocalDate followUpOn) {
	}

	record LedgerView(int year, String title, LocalDate startsOn, @Nullable Integer copiedFrom, boolean current,
			Instant createdAt) {
	}

	record TaskView(long id, int year, int position, String domain, String content, LocalDate deadline,
			String deadlineMonth, List<String> responsibleUnits, String department, String departmentCode,
			String person, List<String> indicators, String flag, int assignments, int assignmentsDone) {
	}

	record MeasureView(String indicator, long value, long of) {
	}

	record AssignmentView(long id, long taskId, int year, int position, String domain, String content,
			LocalDate deadline, String department, String departmentCode, String person, long unitId, String unitName,
			String status, int progress, @Nullable String reason, @Nullable LocalDate doneOn, boolean measured,
			List<MeasureView> measures, String flag, int expectedProgress, int behind, long daysOverdue) {
	}

	record FigureView(String label, double value) {
	}

	record ReportView(long id, long assignmentId, String status, int progress, String text, @Nullable String reason,
			List<FigureView> numbers, List<Long> photoIds, long reportedBy, String reporterName, Instant reportedAt) {
	}

	record ReportResultView(long id, long assignmentId, String status, int progress, String text,
			@Nullable String reason, List<FigureView> numbers, List<Long> photoIds, long reportedBy,
			String reporterName, Instant reportedAt, AssignmentView assignment) {
	}

	record SupervisionView(long id, long assignmentId, String kind, LocalDate heldOn, @Nullable String participants,
			String findings, String actions, @Nullable LocalDate followUpOn, @Nullable Instant followedUpAt,
			long createdBy, String supervisorName, Instant createdAt) {
	}

	record FollowUpView(SupervisionView supervision, AssignmentView assignment) {
	}

	record CellView(long assignmentId, long unitId, String unitName, String status, int progress, String flag) {
	}

	record MatrixRowView(long taskId, int position, String domain, String content, LocalDate deadline, String flag,
			List<CellView> cells) {
	}

	record RollUpView(String key, String name, @Nullable Long unitId, String flag, int assignments, int red, int yellow,
			int black, int none) {
	}

	record MatrixView(int year, String flag, List<RollUpView> units, List<RollUpView> departments,
			List<MatrixRowView> tasks) {
	}

}
