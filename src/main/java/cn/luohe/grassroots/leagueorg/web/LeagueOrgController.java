package cn.luohe.grassroots.leagueorg.web;

import java.util.List;

import cn.luohe.grassroots.common.paging.Cursors;
import cn.luohe.grassroots.common.paging.Limits;
import cn.luohe.grassroots.common.paging.Page;
import cn.luohe.grassroots.common.web.RequestValues;
import cn.luohe.grassroots.correction.api.ReasonRequest;
import cn.luohe.grassroots.correction.api.VoidResult;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.moderation.api.ContentModeration;
import cn.luohe.grassroots.moderation.api.TextScene;
import cn.luohe.grassroots.leagueorg.api.LeagueDomain;
import cn.luohe.grassroots.leagueorg.api.LeagueOrgType;
import cn.luohe.grassroots.leagueorg.internal.Dissolution;
import cn.luohe.grassroots.leagueorg.internal.LeagueOrgService;
import cn.luohe.grassroots.leagueorg.internal.NewLeagueOrg;
import cn.luohe.grassroots.leagueorg.web.LeagueOrgViews.CreateLeagueOrgRequest;
import cn.luohe.grassroots.leagueorg.web.LeagueOrgViews.DissolveRequest;
import cn.luohe.grassroots.leagueorg.web.LeagueOrgViews.LeagueOrgView;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/league-orgs")
class LeagueOrgController {

	private final LeagueOrgService service;

	private final LeagueOrgViewMapper mapper;

	private final ContentModeration moderation;

	LeagueOrgController(LeagueOrgService service, LeagueOrgViewMapper mapper, ContentModeration moderation) {
		this.moderation = moderation;
		this.service = service;
		this.mapper = mapper;
	}

	@PostMapping
	Mono<ResponseEntity<LeagueOrgView>> found(@Valid @RequestBody CreateLeagueOrgRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey, Caller caller) {
		LeagueOrgType type = RequestValues.constant(LeagueOrgType.class, request.type(), "type");
		NewLeagueOrg org = new NewLeagueOrg(request.name().strip(), type, request.hostUnitId(), request.parentId(),
				request.foundedOn(), Boolean.TRUE.equals(request.teacherBranch()));
		// the organisation's name is shown in the feed and on the big screen (issue 22)
		return this.moderation.check(caller.userId(), TextScene.PROFILE, List.of(org.name()))
			.flatMap(check -> this.service.found(caller, idempotencyKey, org, check))
			.map(outcome -> ResponseEntity.status(outcome.status()).body(this.mapper.toView(outcome.body())));
	}

	@GetMapping
	Mono<Page<LeagueOrgView>> list(@RequestParam(required = false) @Nullable Long countyId,
			@RequestParam(required = false) @Nullable String domain,
			@RequestParam(required = false) @Nullable Long hostUnitId,
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor, Caller caller) {
		int size = Limits.of(limit);
		long after = Cursors.afterId(cursor);
		LeagueDomain parsed = (domain != null) ? RequestValues.constant(LeagueDomain.class, domain, "domain") : null;
		return this.service.orgs(caller, countyId, parsed, hostUnitId, after, size)
			.map(rows -> Page.of(rows, size, org -> String.valueOf(org.id())).map(this.mapper::toView));
	}

	@GetMapping("/{id}")
	Mono<LeagueOrgView> get(@PathVariable long id, Caller caller) {
		return this.service.org(caller, id).map(this.mapper::toView);
	}

	/** Voids an organisation recorded by mistake (the correction feature's one path). */
	@PostMapping("/{id}/void")
	Mono<VoidResult> voidOrg(@PathVariable long id, @Valid @RequestBody ReasonRequest request, Caller caller) {
		return this.service.voidOrg(caller, id, request.stripped());
	}

	@PostMapping("/{id}/dissolution")
	Mono<LeagueOrgView> dissolve(@PathVariable long id, @Valid @RequestBody DissolveRequest request, Caller caller) {
		Dissolution dissolution = new Dissolution(request.dissolvedOn(), request.reason().strip());
		// the reason is shown with the organisation to everyone who reads it
		return this.moderation.check(caller.userId(), TextScene.PROFILE, List.of(dissolution.reason()))
			.flatMap(check -> this.service.dissolve(caller, id, dissolution, check))
			.map(this.mapper::toView);
	}

}
