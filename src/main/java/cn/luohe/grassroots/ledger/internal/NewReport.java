package cn.luohe.grassroots.ledger.internal;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** A progress report as validated at the edge. */
public record NewReport(@Nullable AssignmentStatus status, @Nullable Integer progress, String text,
		@Nullable String reason, List<Report.Figure> numbers, List<Long> photoIds) {
}
