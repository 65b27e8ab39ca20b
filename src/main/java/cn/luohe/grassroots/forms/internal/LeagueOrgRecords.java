package cn.luohe.grassroots.forms.internal;

import java.time.YearMonth;
import java.util.EnumSet;
import java.util.Set;

import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.leagueorg.api.Department;
import cn.luohe.grassroots.leagueorg.api.DepartmentResponsibilities;
import cn.luohe.grassroots.leagueorg.api.LeagueDomain;
import cn.luohe.grassroots.org.api.Org;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/** The forms' lines from the league-organisation records, through the leagueorg api. */
@Component
class LeagueOrgRecords implements FormRecords {

	private final DepartmentResponsibilities departments;

	LeagueOrgRecords(DepartmentResponsibilities departments) {
		this.departments = departments;
	}

	@Override
	public Mono<Set<FormKind>> kindsFilledBy(Org unit) {
		return Mono.just(this.departments.departmentOf(unit)
			.map(LeagueOrgRecords::kinds)
			.orElseGet(() -> EnumSet.allOf(FormKind.class)));
	}

	private static Set<FormKind> kinds(Department department) {
		Set<FormKind> kinds = EnumSet.noneOf(FormKind.class);
		if (department.domains().contains(LeagueDomain.SCHOOL)) {
			kinds.add(FormKind.SCHOOL);
		}
		if (department.domains().contains(LeagueDomain.SOCIAL)) {
			kinds.add(FormKind.SOCIAL);
		}
		return kinds;
	}

	@Override
	public Flux<Entry> entries(Org unit, FormKind kind, YearMonth month) {
		return Flux.empty();
	}

	@Override
	public Mono<Entry> record(Caller caller, Org unit, FormKind kind, NewLine line) {
		return Mono.empty();
	}

}
