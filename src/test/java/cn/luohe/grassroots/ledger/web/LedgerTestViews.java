package cn.luohe.grassroots.ledger.web;

import java.util.List;

import cn.luohe.grassroots.ledger.LedgerFixtures.Assignment;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * Typed answers of the ledger endpoints, as far as the tests read them (an assignment is
 * {@link Assignment}, shared with the feed's tests).
 */
final class LedgerTestViews {

	private LedgerTestViews() {
	}

	/** A ledger year ({@code GET /ledgers}, a copy's answer). */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Ledger(int year, String startsOn, @Nullable Integer copiedFrom, boolean current) {
	}

	/** A task, one row of the document. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Task(long id, int position, String domain, String content, String deadline, String deadlineMonth,
			List<String> responsibleUnits, String department, String departmentCode, String person) {
	}

	/** A progress report; a new one's answer carries its assignment as it now stands. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Report(long id, String status, int progress, String reporterName, @Nullable Assignment assignment) {
	}

	/** The matrix of tasks and units. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Matrix(String flag, List<RollUp> units, List<RollUp> departments, List<MatrixTask> tasks) {
	}

	/** A unit's or a department's line of the matrix. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record RollUp(String name, String flag) {
	}

	/** A task's row of the matrix, a cell per responsible unit. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record MatrixTask(long taskId, int position, String flag, List<Cell> cells) {
	}

	/** One unit's assignment in a task's row. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Cell(long assignmentId, String flag) {
	}

	/** A supervision (interview or on-site) of a black-flagged assignment. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Supervision(long id, String kind, String findings, @Nullable String followUpOn,
			@Nullable String followedUpAt) {
	}

	/** A supervision whose follow-up is due, with its assignment. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record FollowUp(Supervision supervision, Assignment assignment) {
	}

}
