package cn.luohe.grassroots.leagueorg.internal;

import java.time.LocalDate;

import cn.luohe.grassroots.common.idempotency.Idempotency.Outcome;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.leagueorg.api.LeagueOrgRecord;
import cn.luohe.grassroots.leagueorg.api.LeagueOrgRecording;
import cn.luohe.grassroots.leagueorg.api.LeagueOrgType;
import cn.luohe.grassroots.leagueorg.api.MilestoneKind;
import cn.luohe.grassroots.leagueorg.api.MilestoneRecord;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/** {@link LeagueOrgRecording} through the services behind the endpoints. */
@Service
class RecordingService implements LeagueOrgRecording {

	private final LeagueOrgService orgs;

	private final MilestoneService milestones;

	private final LeagueOrgRepository repository;

	RecordingService(LeagueOrgService orgs, MilestoneService milestones, LeagueOrgRepository repository) {
		this.orgs = orgs;
		this.milestones = milestones;
		this.repository = repository;
	}

	@Override
	public Mono<LeagueOrgRecord> found(Caller caller, String name, LeagueOrgType type, long hostUnitId,
			LocalDate foundedOn, boolean teacherBranch) {
		return this.orgs.found(caller, null, new NewLeagueOrg(name, type, hostUnitId, null, foundedOn, teacherBranch))
			.map(Outcome::body)
			.flatMap(org -> this.repository.findUnit(org.hostUnitId()).map(host -> RecordsService.record(org, host)));
	}

	@Override
	public Mono<MilestoneRecord> record(Caller caller, MilestoneKind kind, @Nullable Long countyId,
			@Nullable Long hostUnitId, @Nullable Long leagueOrgId, LocalDate occurredOn) {
		return this.milestones
			.record(caller, null, new NewMilestone(kind, countyId, null, hostUnitId, leagueOrgId, occurredOn, null))
			.map(outcome -> RecordsService.record(outcome.body()));
	}

}
