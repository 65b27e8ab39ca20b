package cn.luohe.grassroots.leagueorg.web;

import cn.luohe.grassroots.common.paging.Cursors;
import cn.luohe.grassroots.common.paging.Limits;
import cn.luohe.grassroots.common.paging.Page;
import cn.luohe.grassroots.common.web.RequestValues;
import cn.luohe.grassroots.identity.api.Access;
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

	private final Access access;

	private final LeagueOrgService service;

	private final LeagueOrgViewMapper mapper;

	LeagueOrgController(Access access, LeagueOrgService service, LeagueOrgViewMapper mapper) {
		this.access = access;
		this.service = service;
		this.mapper = mapper;
	}

	@PostMapping
	Mono<ResponseEntity<LeagueOrgView>> found(@Valid @RequestBody CreateLeagueOrgRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey) {
		LeagueOrgType type = RequestValues.constant(LeagueOrgType.class, request.type(), "type");
		NewLeagueOrg org = new NewLeagueOrg(request.name().strip(), type, request.hostUnitId(), request.parentId(),
				request.foundedOn(), Boolean.TRUE.equals(request.teacherBranch()));
		return this.access.caller()
			.flatMap(caller -> this.service.found(caller, idempotencyKey, org))
			.map(outcome -> ResponseEntity.status(outcome.status()).body(this.mapper.toView(outcome.body())));
	}

	@GetMapping
	Mono<Page<LeagueOrgView>> list(@RequestParam(required = false) @Nullable Long countyId,
			@RequestParam(required = false) @Nullable String domain,
			@RequestParam(required = false) @Nullable Long hostUnitId,
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor) {
		int size = Limits.of(limit);
		long after = Cursors.afterId(cursor);
		LeagueDomain parsed = (domain != null) ? RequestValues.constant(LeagueDomain.class, domain, "domain") : null;
		return this.access.caller()
			.flatMap(caller -> this.service.orgs(caller, countyId, parsed, hostUnitId, after, size))
			.map(rows -> Page.of(rows, size, org -> String.valueOf(org.id())).map(this.mapper::toView));
	}

	@GetMapping("/{id}")
	Mono<LeagueOrgView> get(@PathVariable long id) {
		return this.access.caller().flatMap(caller -> this.service.org(caller, id)).map(this.mapper::toView);
	}

	@PostMapping("/{id}/dissolution")
	Mono<LeagueOrgView> dissolve(@PathVariable long id, @Valid @RequestBody DissolveRequest request) {
		Dissolution dissolution = new Dissolution(request.dissolvedOn(), request.reason().strip());
		return this.access.caller()
			.flatMap(caller -> this.service.dissolve(caller, id, dissolution))
			.map(this.mapper::toView);
	}

}
