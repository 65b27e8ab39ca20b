package cn.luohe.grassroots.leagueorg.internal;

import java.time.LocalDate;
import java.util.List;

import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.moderation.api.ContentModeration;
import cn.luohe.grassroots.moderation.api.TextScene;
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

	private final ContentModeration moderation;

	RecordingService(LeagueOrgService orgs, MilestoneService milestones, ContentModeration moderation) {
		this.moderation = moderation;
		this.orgs = orgs;
		this.milestones = milestones;
	}

	@Override
	public Mono<Prepared<LeagueOrgRecord>> prepareFounding(Caller caller, String name, LeagueOrgType type,
			long hostUnitId, LocalDate foundedOn, boolean teacherBranch) {
		NewLeagueOrg org = new NewLeagueOrg(name, type, hostUnitId, null, foundedOn, teacherBranch);
		// a name entered on a monthly form passes content security as one entered here
		// does
		return this.moderation.check(caller.userId(), TextScene.PROFILE, List.of(name))
			.flatMap(check -> this.orgs.judgeFounding(caller, org)
				.map(place -> () -> this.orgs.insert(caller, place, org, check)
					.map(outcome -> RecordsService.record(outcome.body(), place.unit()))));
	}

	@Override
	public Mono<Prepared<MilestoneRecord>> prepareMilestone(Caller caller, MilestoneKind kind, @Nullable Long countyId,
			@Nullable Long hostUnitId, @Nullable Long leagueOrgId, LocalDate occurredOn) {
		NewMilestone milestone = new NewMilestone(kind, countyId, null, hostUnitId, leagueOrgId, occurredOn, null);
		return this.milestones.judge(caller, milestone)
			.map(judged -> () -> this.milestones.insert(caller, judged, milestone)
				.map(outcome -> RecordsService.record(outcome.body())));
	}

}
