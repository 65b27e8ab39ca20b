package cn.luohe.grassroots.forms.internal;

import java.time.Instant;
import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/**
 * A filler unit's submission of a month: both forms frozen as they were (the snapshot's
 * JSON), who submitted and when, whether it came after the 28th, and its reopening.
 */
public record Submission(long id, long unitId, LocalDate month, Instant submittedAt, long submittedBy,
		String submittedByName, boolean late, String snapshot, @Nullable Instant reopenedAt,
		@Nullable String reopenReason) {

	/** What a submission freezes: each form the unit fills, or null. */
	public record Snapshot(@Nullable Form school, @Nullable Form social) {

		public @Nullable Form form(FormKind kind) {
			return (kind == FormKind.SCHOOL) ? this.school : this.social;
		}

	}

}
