package cn.luohe.grassroots.ledger.internal;

import java.time.LocalDate;
import java.util.List;

import cn.luohe.grassroots.dashboard.api.Flag;
import org.jspecify.annotations.Nullable;

/**
 * An assignment as judged on a day: for a measured task its status and progress follow
 * the records ({@code measures}); otherwise they are what its unit reported.
 *
 * @param unitId the org whose scope governs it (the county-level unit, or the city for a
 * city-level unit)
 * @param expectedProgress the progress expected by the day, in percent
 * @param behind how far behind the expectation, in percentage points
 */
public record Assignment(long id, Task task, long unitId, String unitName, AssignmentStatus status, int progress,
		@Nullable String reason, @Nullable LocalDate doneOn, boolean measured, List<Measure> measures, Flag flag,
		int expectedProgress, int behind, long daysOverdue) {
}
