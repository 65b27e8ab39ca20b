package cn.luohe.grassroots.ledger.internal;

import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.leagueorg.api.DepartmentResponsibilities;
import cn.luohe.grassroots.media.api.AttachedRecordReadRule;
import cn.luohe.grassroots.org.api.OrgDirectory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * A report's photos are readable by whoever may read the report: whoever sees its
 * assignment ({@link Viewer#sees(cn.luohe.grassroots.org.api.Org, Task)}, the rule of
 * {@link LedgerService#report(Caller, long)}), the staff of the task's department among
 * them. It reads the repository, not the service: the service attaches photos through the
 * media library, which holds this rule.
 */
@Component
class ReportPhotoReadRule implements AttachedRecordReadRule {

	/** The record type a report's photos are attached under. */
	static final String RECORD_TYPE = "ledger_report";

	private final LedgerRepository ledgers;

	private final OrgDirectory orgs;

	private final DepartmentResponsibilities departments;

	ReportPhotoReadRule(LedgerRepository ledgers, OrgDirectory orgs, DepartmentResponsibilities departments) {
		this.ledgers = ledgers;
		this.orgs = orgs;
		this.departments = departments;
	}

	@Override
	public String recordType() {
		return RECORD_TYPE;
	}

	@Override
	public Mono<Boolean> mayRead(Caller caller, long recordId) {
		if (!caller.hasAnyRole(Viewer.READERS)) {
			return Mono.just(false);
		}
		Viewer viewer = Viewer.of(caller, this.departments);
		return this.ledgers.report(recordId)
			.flatMap(report -> this.ledgers.assignment(report.assignmentId(), false))
			.flatMap(row -> Mono.zip(this.orgs.require(row.unitOrgId()), this.ledgers.task(row.taskId())))
			.map(found -> viewer.sees(found.getT1(), found.getT2()))
			.defaultIfEmpty(false);
	}

}
