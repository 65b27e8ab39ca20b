package cn.luohe.grassroots.ledger.internal;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Collection;

import cn.luohe.grassroots.dashboard.api.Flag;
import org.jspecify.annotations.Nullable;

/**
 * 插红旗、标黄旗、挂黑旗 for one assignment on a given day. Pure.
 * <ul>
 * <li>RED: done on or before the deadline (done later: YELLOW);</li>
 * <li>BLACK: overdue, cannot be done, or far behind: progress below {@code yellowAt} of
 * the time-pro-rated expectation;</li>
 * <li>YELLOW: behind the expectation but at least {@code yellowAt} of it, or due within
 * {@code dueSoonDays};</li>
 * <li>NONE: on track (or the ledger has not started).</li>
 * </ul>
 * The expectation grows linearly from the ledger's start to the deadline (day by day,
 * both inclusive); in the first {@code graceDays} nobody is judged behind.
 */
final class FlagJudge {

	private final LedgerProperties rules;

	FlagJudge(LedgerProperties rules) {
		this.rules = rules;
	}

	Judgement judge(AssignmentStatus status, int progress, @Nullable LocalDate doneOn, LocalDate startsOn,
			LocalDate deadline, LocalDate today) {
		long overdue = Math.max(0, ChronoUnit.DAYS.between(deadline, today));
		if (status == AssignmentStatus.DONE && doneOn != null) {
			return new Judgement(doneOn.isAfter(deadline) ? Flag.YELLOW : Flag.RED, 100, 0, 0);
		}
		if (status == AssignmentStatus.CANNOT_DO || overdue > 0) {
			return new Judgement(Flag.BLACK, 100, 100 - progress, overdue);
		}
		int expected = expected(startsOn, deadline, today);
		if (today.isBefore(startsOn)) {
			return new Judgement(Flag.NONE, 0, 0, 0);
		}
		int behind = Math.max(0, expected - progress);
		boolean judged = !today.isBefore(startsOn.plusDays(this.rules.graceDays()));
		if (judged && behind > 0) {
			boolean farBehind = progress < this.rules.yellowAt() * expected;
			return new Judgement(farBehind ? Flag.BLACK : Flag.YELLOW, expected, behind, 0);
		}
		boolean dueSoon = ChronoUnit.DAYS.between(today, deadline) < this.rules.dueSoonDays();
		return new Judgement(dueSoon ? Flag.YELLOW : Flag.NONE, expected, judged ? behind : 0, 0);
	}

	/** The share of the work expected by {@code today}, in percent. */
	static int expected(LocalDate startsOn, LocalDate deadline, LocalDate today) {
		long total = ChronoUnit.DAYS.between(startsOn, deadline) + 1;
		long elapsed = ChronoUnit.DAYS.between(startsOn, today) + 1;
		if (total <= 0 || elapsed >= total) {
			return 100;
		}
		return (int) Math.max(0, Math.floorDiv(elapsed * 100, total));
	}

	/**
	 * The flag of a task, county or department: the worst of its assignments' (BLACK,
	 * YELLOW, NONE, then RED), so it is RED only when every one is done in time; NONE
	 * without assignments.
	 */
	static Flag rollUp(Collection<Flag> flags) {
		if (flags.isEmpty()) {
			return Flag.NONE;
		}
		if (flags.contains(Flag.BLACK)) {
			return Flag.BLACK;
		}
		if (flags.contains(Flag.YELLOW)) {
			return Flag.YELLOW;
		}
		return flags.contains(Flag.NONE) ? Flag.NONE : Flag.RED;
	}

	/**
	 * @param expected the progress expected today, in percent
	 * @param behind how far behind the expectation, in percentage points
	 * @param daysOverdue days past the deadline while not done
	 */
	record Judgement(Flag flag, int expected, int behind, long daysOverdue) {
	}

}
