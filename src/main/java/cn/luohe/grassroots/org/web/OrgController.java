package cn.luohe.grassroots.org.web;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.paging.Limits;
import cn.luohe.grassroots.common.paging.Page;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgDirectory;
import cn.luohe.grassroots.org.api.OrgGuard;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/orgs")
class OrgController {

	private final OrgGuard guard;

	private final OrgDirectory orgs;

	private final OrgViewMapper mapper;

	OrgController(OrgGuard guard, OrgDirectory orgs, OrgViewMapper mapper) {
		this.guard = guard;
		this.orgs = orgs;
		this.mapper = mapper;
	}

	@GetMapping("/{id}")
	Mono<OrgView> get(@PathVariable long id) {
		return this.guard.reader()
			.flatMap(reader -> this.orgs.require(id).doOnNext(reader::requireReadable))
			.map(this.mapper::toView);
	}

	@GetMapping("/by-code/{code}")
	Mono<OrgView> byCode(@PathVariable String code) {
		return this.guard.reader()
			.flatMap(reader -> this.orgs.findByCode(code)
				.switchIfEmpty(Mono.error(() -> ApiException.notFound("Org with code " + code)))
				.doOnNext(reader::requireReadable))
			.map(this.mapper::toView);
	}

	@GetMapping("/{id}/children")
	Mono<Page<OrgView>> children(@PathVariable long id, @RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor) {
		int size = Limits.of(limit);
		return this.guard.reader()
			.flatMap(reader -> this.orgs.require(id).doOnNext(reader::requireWithin))
			.flatMap(parent -> this.orgs.children(parent.id(), cursor, size + 1).collectList())
			.map(rows -> Page.of(rows, size, Org::code).map(this.mapper::toView));
	}

	/** CITY_ADMIN only: places a town under a functional zone (or back). */
	@PatchMapping("/{id}")
	Mono<OrgView> move(@PathVariable long id, @Valid @RequestBody MoveRequest request) {
		return this.guard.requireCityAdmin(id)
			.flatMap(org -> this.orgs.move(org.id(), request.parentId()))
			.map(this.mapper::toView);
	}

	record MoveRequest(@NotNull Long parentId) {
	}

}
