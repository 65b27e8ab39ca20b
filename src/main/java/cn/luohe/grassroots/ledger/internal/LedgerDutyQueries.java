package cn.luohe.grassroots.ledger.internal;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.ledger.api.LedgerDuties;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

@Component
class LedgerDutyQueries implements LedgerDuties {

	/** The unit's own people, who report its progress. */
	private static final Set<Role> OWNERS = EnumSet.of(Role.COUNTY_SECRETARY, Role.CADRE);

	private final DatabaseClient db;

	LedgerDutyQueries(DatabaseClient db) {
		this.db = db;
	}

	@Override
	public Mono<List<OpenAssignment>> openAssignments(Caller caller, int year) {
		Long[] units = caller.bindings()
			.stream()
			.filter(b -> OWNERS.contains(b.role()))
			.map(b -> b.org().id())
			.distinct()
			.toArray(Long[]::new);
		if (units.length == 0) {
			return Mono.just(List.of());
		}
		return this.db.sql("""
				SELECT a.id, a.task_id, t.content, t.deadline_month, a.unit_org_id, a.unit_name, a.status, a.progress
				  FROM ledger_assignment a JOIN ledger_task t ON t.id = a.task_id
				 WHERE a.unit_org_id = ANY(:units) AND t.year = :year AND a.status IN ('NOT_STARTED', 'IN_PROGRESS')
				 ORDER BY t.deadline_month, t.position, a.id
				""").bind("units", units).bind("year", year).map(LedgerDutyQueries::assignment).all().collectList();
	}

	@Override
	public Flux<OpenAssignment> openAssignmentsDueOn(LocalDate deadline) {
		if (deadline.getDayOfMonth() != deadline.lengthOfMonth()) {
			return Flux.empty();
		}
		return this.db.sql("""
				SELECT a.id, a.task_id, t.content, t.deadline_month, a.unit_org_id, a.unit_name, a.status, a.progress
				  FROM ledger_assignment a JOIN ledger_task t ON t.id = a.task_id
				 WHERE t.deadline_month = :month AND a.status IN ('NOT_STARTED', 'IN_PROGRESS')
				 ORDER BY a.unit_org_id, t.position, a.id
				""").bind("month", deadline.withDayOfMonth(1)).map(LedgerDutyQueries::assignment).all();
	}

	private static OpenAssignment assignment(Readable row) {
		LocalDate month = Params.required(row.get("deadline_month", LocalDate.class));
		return new OpenAssignment(Params.required(row.get("id", Long.class)),
				Params.required(row.get("task_id", Long.class)), Params.required(row.get("content", String.class)),
				month.withDayOfMonth(month.lengthOfMonth()), Params.required(row.get("unit_org_id", Long.class)),
				Params.required(row.get("unit_name", String.class)), Params.required(row.get("status", String.class)),
				Params.required(row.get("progress", Integer.class)));
	}

}
