package cn.luohe.grassroots.leagueorg.internal;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

import cn.luohe.grassroots.leagueorg.api.Department;
import cn.luohe.grassroots.leagueorg.api.DepartmentResponsibilities;
import cn.luohe.grassroots.leagueorg.api.HostUnitKind;
import cn.luohe.grassroots.leagueorg.api.LeagueOrgRecord;
import cn.luohe.grassroots.leagueorg.api.LeagueOrgRecords;
import cn.luohe.grassroots.leagueorg.api.MilestoneRecord;
import cn.luohe.grassroots.leagueorg.api.MonthRecords;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgLevel;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/** A month's records of a county-level unit, a department or the city, for the forms. */
@Service
class RecordsService implements LeagueOrgRecords {

	private final LeagueOrgRepository repository;

	private final DepartmentResponsibilities departments;

	RecordsService(LeagueOrgRepository repository, DepartmentResponsibilities departments) {
		this.repository = repository;
		this.departments = departments;
	}

	@Override
	public Mono<MonthRecords> monthOf(Org unit, YearMonth month) {
		LocalDate from = month.atDay(1);
		LocalDate to = month.atEndOfMonth();
		Department department = this.departments.departmentOf(unit).orElse(null);
		ReadScope scope = scopeOf(unit, department);
		Long countyFilter = (unit.level() == OrgLevel.COUNTY) ? unit.id() : null;
		Mono<List<LeagueOrgRecord>> founded = this.repository.foundedBetween(scope, from, to)
			.concatMap(org -> this.repository.findUnit(org.hostUnitId()).map(host -> record(org, host)))
			.collectList();
		Mono<List<MilestoneRecord>> milestones = this.repository
			.milestonesBetween(countyFilter, from, to, 0, Integer.MAX_VALUE)
			.concatMap(m -> keep(m, department).filter(Boolean::booleanValue).map(ok -> record(m)))
			.sort(java.util.Comparator.comparing(MilestoneRecord::occurredOn).thenComparing(MilestoneRecord::id))
			.collectList();
		return Mono.zip(founded, milestones)
			.map(both -> new MonthRecords(month, unit.id(), both.getT1(), both.getT2()));
	}

	private static ReadScope scopeOf(Org unit, @org.jspecify.annotations.Nullable Department department) {
		if (department != null) {
			boolean allPrivate = department != Department.UNITED_FRONT
					&& department.kinds().contains(HostUnitKind.PRIVATE_ENTERPRISE);
			return new ReadScope(false, List.of(), department.kinds().stream().map(Enum::name).toList(), allPrivate);
		}
		if (unit.level() == OrgLevel.CITY) {
			return ReadScope.EVERYTHING;
		}
		return new ReadScope(false, List.of(unit.id()), List.of(), false);
	}

	private Mono<Boolean> keep(Milestone milestone, @org.jspecify.annotations.Nullable Department department) {
		if (department == null) {
			return Mono.just(true);
		}
		if (milestone.hostUnitId() == null) {
			return Mono.just(LeagueScope.departmentFor(milestone.kind()) == department);
		}
		return this.repository.findUnit(milestone.hostUnitId()).map(unit -> department.covers(unit.profile()));
	}

	static LeagueOrgRecord record(LeagueOrg org, HostUnit host) {
		return new LeagueOrgRecord(org.id(), org.name(), org.type(), org.domain(), org.foundedOn(), org.teacherBranch(),
				org.dissolvedOn(), org.parentId(), host.id(), host.name(), host.kind(), host.attributes(),
				org.countyId(), host.townId());
	}

	static MilestoneRecord record(Milestone m) {
		return new MilestoneRecord(m.id(), m.kind(), m.occurredOn(), m.countyId(), m.townId(), m.hostUnitId(),
				m.hostUnitKind(), m.leagueOrgId(), m.subjectName());
	}

}
