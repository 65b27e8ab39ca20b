package cn.luohe.grassroots.ledger.internal;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A progress report on an assignment: text, figures and photos, and the status it set.
 */
public record Report(long id, long assignmentId, AssignmentStatus status, int progress, String text,
		@Nullable String reason, List<Figure> numbers, List<Long> photoIds, long reportedBy, String reporterName,
		Instant reportedAt) {

	/** A reported figure, e.g. 已建团校 12. */
	public record Figure(String label, double value) {
	}

}
