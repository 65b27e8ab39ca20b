package cn.luohe.grassroots.leagueorg.api;

import java.time.LocalDate;

import cn.luohe.grassroots.identity.api.Caller;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Recording a league organisation or a milestone on behalf of another feature (a line the
 * monthly forms' filler adds), with the same checks, scope, audit, feed event and counts
 * as {@code POST /league-orgs} and {@code POST /league-milestones}. It joins the caller's
 * transaction when there is one; the caller handles the Idempotency-Key.
 */
public interface LeagueOrgRecording {

	/** Founds a league organisation; answers it as the month's records list it. */
	Mono<LeagueOrgRecord> found(Caller caller, String name, LeagueOrgType type, long hostUnitId, LocalDate foundedOn,
			boolean teacherBranch);

	/** Records a milestone; answers it as the month's records list it. */
	Mono<MilestoneRecord> record(Caller caller, MilestoneKind kind, @Nullable Long countyId, @Nullable Long hostUnitId,
			@Nullable Long leagueOrgId, LocalDate occurredOn);

}
