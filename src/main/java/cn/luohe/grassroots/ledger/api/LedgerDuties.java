package cn.luohe.grassroots.ledger.api;

import java.time.LocalDate;
import java.util.List;

import cn.luohe.grassroots.identity.api.Caller;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** What the work ledger still asks of the units a caller reports for. */
public interface LedgerDuties {

	/**
	 * The open (not started, in progress) assignments of {@code year}'s ledger whose unit
	 * is one the caller reports for (COUNTY_SECRETARY or CADRE bound to it), earliest
	 * deadline first; one statement.
	 */
	Mono<List<OpenAssignment>> openAssignments(Caller caller, int year);

	/**
	 * The open assignments of every unit whose task is due on {@code deadline} (the last
	 * day of a deadline month; any other day has none), by unit; one statement.
	 */
	Flux<OpenAssignment> openAssignmentsDueOn(LocalDate deadline);

	/**
	 * @param deadline the last day of the task's deadline month
	 */
	record OpenAssignment(long id, long taskId, String content, LocalDate deadline, long unitId, String unitName,
			String status, int progress) {
	}

}
