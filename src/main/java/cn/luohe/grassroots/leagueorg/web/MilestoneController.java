package cn.luohe.grassroots.leagueorg.web;

import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.common.paging.Cursors;
import cn.luohe.grassroots.common.paging.Limits;
import cn.luohe.grassroots.common.paging.Page;
import cn.luohe.grassroots.common.web.RequestValues;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.leagueorg.api.MilestoneKind;
import cn.luohe.grassroots.leagueorg.internal.MilestoneService;
import cn.luohe.grassroots.leagueorg.internal.NewMilestone;
import cn.luohe.grassroots.leagueorg.web.LeagueOrgViews.CreateMilestoneRequest;
import cn.luohe.grassroots.leagueorg.web.LeagueOrgViews.MilestoneView;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/league-milestones")
class MilestoneController {

	private final MilestoneService service;

	private final LeagueOrgViewMapper mapper;

	private final BusinessClock clock;

	MilestoneController(MilestoneService service, LeagueOrgViewMapper mapper, BusinessClock clock) {
		this.service = service;
		this.mapper = mapper;
		this.clock = clock;
	}

	@PostMapping
	Mono<ResponseEntity<MilestoneView>> record(@Valid @RequestBody CreateMilestoneRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey, Caller caller) {
		MilestoneKind kind = RequestValues.constant(MilestoneKind.class, request.kind(), "kind");
		NewMilestone milestone = new NewMilestone(kind, request.countyId(), request.townId(), request.hostUnitId(),
				request.leagueOrgId(), request.occurredOn(), RequestValues.trimmed(request.note()));
		return this.service.record(caller, idempotencyKey, milestone)
			.map(outcome -> ResponseEntity.status(outcome.status()).body(this.mapper.toView(outcome.body())));
	}

	@GetMapping
	Mono<Page<MilestoneView>> list(@RequestParam long countyId, @RequestParam(required = false) @Nullable Integer year,
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor, Caller caller) {
		int size = Limits.of(limit);
		long after = Cursors.afterId(cursor);
		int chosen = (year != null) ? year : this.clock.today().getYear();
		return this.service.list(caller, countyId, chosen, after, size)
			.map(rows -> Page.of(rows, size, m -> String.valueOf(m.id())).map(this.mapper::toView));
	}

}
