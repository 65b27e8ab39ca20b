package cn.luohe.grassroots.forms.web;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/** Typed answers of the forms endpoints, as far as the tests read them. */
final class FormTestViews {

	private FormTestViews() {
	}

	/** A monthly form (附件4 school, 附件5 social) of a unit, draft or submitted. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Form(String kind, String title, String month, long unitId, String unitName, String status, boolean frozen,
			@Nullable Long submissionId, String filledBy, String filledOn, List<Column> columns) {
	}

	/** A column of a form, its lines in order. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Column(String key, int count, List<Line> rows) {
	}

	/** A line of a form's column (also an annotation's answer). */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Line(String name, @Nullable String date, String recordRef, @Nullable String note) {
	}

	/** The answer of a line added to a form (as a record). */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record AddedLine(String column, String name, String date, String recordRef) {
	}

	/** A unit's submission of a month's forms (a submit's or reopen's answer). */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Submission(long id, String unitName, String status, boolean late, String submittedBy,
			@Nullable String reopenedAt, @Nullable String reopenReason) {
	}

	/** The city's list of a month's submissions, with totals. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record SubmissionList(String month, List<SubmissionRow> items, Map<String, Map<String, Integer>> totals,
			Map<String, Map<String, Integer>> previousTotals, Map<String, Map<String, Integer>> difference) {
	}

	/** A filler unit's line in the submissions list: counts per form and column. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record SubmissionRow(long unitId, String unitLevel, String status, String flag, @Nullable String submittedAt,
			Map<String, Map<String, Integer>> counts) {
	}

}
