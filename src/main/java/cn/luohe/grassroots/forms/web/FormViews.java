package cn.luohe.grassroots.forms.web;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.common.time.BusinessDate;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** Requests and answers of the monthly forms. */
final class FormViews {

	static final String MONTH = "\\d{4}-(0[1-9]|1[0-2])";

	private FormViews() {
	}

	/** A form with the status of its unit's month. */
	record FormView(String kind, String title, String month, long unitId, String unitName, String status,
			boolean frozen, @Nullable Long submissionId, @Nullable Instant submittedAt, String filledBy,
			LocalDate filledOn, List<ColumnView> columns) {
	}

	record ColumnView(String key, String title, int count, List<LineView> rows) {
	}

	record LineView(String name, @Nullable LocalDate date, String recordRef, @Nullable String note) {
	}

	record AddedLineView(String column, String name, LocalDate date, String recordRef) {
	}

	record SubmitRequest(@NotBlank @Pattern(regexp = MONTH) String month, @NotNull Long unitId) {
	}

	record ReopenRequest(@NotBlank @Size(max = 500) String reason) {
	}

	/** A line the records lack: it becomes a league organisation or a milestone. */
	record AddLineRequest(@NotBlank @Pattern(regexp = MONTH) String month, @NotNull Long unitId,
			@NotBlank @Size(max = 40) String column, @Nullable @Size(min = 1, max = 100) String name,
			@NotNull @BusinessDate(ahead = false) LocalDate date, @Nullable Long hostUnitId, @Nullable Long leagueOrgId,
			@Nullable @Size(max = 40) String type) {
	}

	record AnnotateRequest(@NotBlank @Pattern(regexp = MONTH) String month, @NotNull Long unitId,
			@NotBlank @Size(max = 40) String column, @NotBlank @Size(max = 100) String recordRef,
			@NotBlank @Size(max = 500) String note) {
	}

	record SubmissionView(long id, long unitId, String unitName, String month, String status, Instant submittedAt,
			String submittedBy, boolean late, @Nullable Instant reopenedAt, @Nullable String reopenReason) {
	}

	record UnitStatusView(long unitId, String unitName, String unitLevel, String status, String flag,
			@Nullable Long submissionId, @Nullable Instant submittedAt, @Nullable String submittedBy,
			Map<String, Map<String, Integer>> counts) {
	}

	record CityListView(String month, List<UnitStatusView> items, @Nullable String nextCursor,
			Map<String, Map<String, Integer>> totals, Map<String, Map<String, Integer>> previousTotals,
			Map<String, Map<String, Integer>> difference) {
	}

}
