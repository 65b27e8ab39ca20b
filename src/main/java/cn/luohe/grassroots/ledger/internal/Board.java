package cn.luohe.grassroots.ledger.internal;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import cn.luohe.grassroots.dashboard.api.Flag;

/**
 * A year's ledger as one caller sees it on one day: every task, and the assignments in
 * the caller's scope, judged.
 */
public record Board(Ledger ledger, List<Task> tasks, List<Assignment> assignments) {

	/** The task's flag rolled up over the assignments in view. */
	public Flag taskFlag(long taskId) {
		return FlagJudge.rollUp(of(taskId).stream().map(Assignment::flag).toList());
	}

	public List<Assignment> of(long taskId) {
		return this.assignments.stream().filter(a -> a.task().id() == taskId).toList();
	}

	/**
	 * The flag of a group of assignments (a unit's, a department's, the whole ledger's).
	 */
	public static Flag rollUp(List<Assignment> assignments) {
		return FlagJudge.rollUp(assignments.stream().map(Assignment::flag).toList());
	}

	/** Assignments grouped by {@code key}, keeping the order of first appearance. */
	public <K> Map<K, List<Assignment>> groupedBy(Function<Assignment, K> key) {
		return this.assignments.stream()
			.collect(Collectors.groupingBy(key, java.util.LinkedHashMap::new, Collectors.toList()));
	}

}
