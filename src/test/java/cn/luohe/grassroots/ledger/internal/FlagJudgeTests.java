package cn.luohe.grassroots.ledger.internal;

import java.time.LocalDate;
import java.util.List;

import cn.luohe.grassroots.dashboard.api.Flag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The flag rules on a task from 1 June to 30 November (183 days), with the defaults. */
class FlagJudgeTests {

	private static final LocalDate START = LocalDate.of(2020, 6, 1);

	private static final LocalDate DEADLINE = LocalDate.of(2020, 11, 30);

	private final FlagJudge judge = new FlagJudge(new LedgerProperties(0.6, 14, 14, List.of()));

	@Test
	void shouldRaiseTheRedFlagOnlyForWorkDoneByTheDeadline() {
		assertThat(judge(AssignmentStatus.DONE, 100, DEADLINE, DEADLINE.plusDays(40)).flag()).isEqualTo(Flag.RED);
		assertThat(judge(AssignmentStatus.DONE, 100, DEADLINE.plusDays(1), DEADLINE.plusDays(40)).flag())
			.isEqualTo(Flag.YELLOW);
	}

	@Test
	void shouldHangTheBlackFlagOnOverdueUndoableAndFarBehindWork() {
		FlagJudge.Judgement overdue = judge(AssignmentStatus.IN_PROGRESS, 90, null, DEADLINE.plusDays(2));
		assertThat(overdue).isEqualTo(new FlagJudge.Judgement(Flag.BLACK, 100, 10, 2));
		assertThat(judge(AssignmentStatus.CANNOT_DO, 20, null, START.plusDays(30)).flag()).isEqualTo(Flag.BLACK);
		// 15 August: 76 of 183 days, 41 % expected; 24 is below 0.6 of it
		assertThat(judge(AssignmentStatus.IN_PROGRESS, 24, null, LocalDate.of(2020, 8, 15)))
			.isEqualTo(new FlagJudge.Judgement(Flag.BLACK, 41, 17, 0));
	}

	@Test
	void shouldMarkTheYellowFlagBehindButNotFarOrDueSoon() {
		assertThat(judge(AssignmentStatus.IN_PROGRESS, 25, null, LocalDate.of(2020, 8, 15)).flag())
			.isEqualTo(Flag.YELLOW);
		assertThat(judge(AssignmentStatus.IN_PROGRESS, 41, null, LocalDate.of(2020, 8, 15)).flag())
			.isEqualTo(Flag.NONE);
		assertThat(judge(AssignmentStatus.IN_PROGRESS, 99, null, DEADLINE.minusDays(13)).flag()).isEqualTo(Flag.YELLOW);
		assertThat(judge(AssignmentStatus.IN_PROGRESS, 99, null, DEADLINE.minusDays(14)).flag()).isEqualTo(Flag.NONE);
	}

	@Test
	void shouldJudgeNobodyBehindBeforeTheLedgerStartsOrInItsGraceDays() {
		assertThat(judge(AssignmentStatus.NOT_STARTED, 0, null, START.minusDays(1)).flag()).isEqualTo(Flag.NONE);
		assertThat(judge(AssignmentStatus.NOT_STARTED, 0, null, START.plusDays(13)).flag()).isEqualTo(Flag.NONE);
		assertThat(judge(AssignmentStatus.NOT_STARTED, 0, null, START.plusDays(14)).flag()).isEqualTo(Flag.BLACK);
	}

	@Test
	void shouldRollTheWorstFlagUp() {
		assertThat(FlagJudge.rollUp(List.of(Flag.RED, Flag.RED))).isEqualTo(Flag.RED);
		assertThat(FlagJudge.rollUp(List.of(Flag.RED, Flag.NONE))).isEqualTo(Flag.NONE);
		assertThat(FlagJudge.rollUp(List.of(Flag.RED, Flag.NONE, Flag.YELLOW))).isEqualTo(Flag.YELLOW);
		assertThat(FlagJudge.rollUp(List.of(Flag.YELLOW, Flag.BLACK))).isEqualTo(Flag.BLACK);
		assertThat(FlagJudge.rollUp(List.of())).isEqualTo(Flag.NONE);
	}

	private FlagJudge.Judgement judge(AssignmentStatus status, int progress, LocalDate doneOn, LocalDate today) {
		return this.judge.judge(status, progress, doneOn, START, DEADLINE, today);
	}

}
