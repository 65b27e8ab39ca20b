package cn.luohe.grassroots.ledger.internal;

import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/** An assignment as stored: what its unit reported by hand. */
record AssignmentRow(long id, long taskId, long unitOrgId, String unitName, AssignmentStatus status, int progress,
		@Nullable String reason, @Nullable LocalDate doneOn) {
}
