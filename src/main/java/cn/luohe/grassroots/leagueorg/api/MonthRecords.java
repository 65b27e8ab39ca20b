package cn.luohe.grassroots.leagueorg.api;

import java.time.YearMonth;
import java.util.List;

/**
 * What a unit recorded in a month: the league organisations founded in it (each with its
 * host unit's kind and attributes; teacher branches are those with
 * {@code teacherBranch}), and the milestones dated in it, both ordered by date then id.
 */
public record MonthRecords(YearMonth month, long unitId, List<LeagueOrgRecord> founded,
		List<MilestoneRecord> milestones) {

	public List<LeagueOrgRecord> teacherBranches() {
		return this.founded.stream().filter(LeagueOrgRecord::teacherBranch).toList();
	}

	public List<MilestoneRecord> milestones(MilestoneKind kind) {
		return this.milestones.stream().filter(m -> m.kind() == kind).toList();
	}

}
