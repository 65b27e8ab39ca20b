package cn.luohe.grassroots.org.web;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.paging.Limits;
import cn.luohe.grassroots.common.paging.Page;
import java.util.Set;

import cn.luohe.grassroots.identity.api.Access;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgDirectory;
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

	private final Access access;

	private final OrgDirectory orgs;

	private final OrgViewMapper mapper;

	OrgController(Access access, OrgDirectory orgs, OrgViewMapper mapper) {
		this.access = access;
		this.orgs = orgs;
		this.mapper = mapper;
	}

	@GetMapping("/{id}")
	Mono<OrgView> get(@PathVariable long id, Caller caller) {
		return this.orgs.require(id).doOnNext(org -> requireReadable(caller, org)).map(this.mapper::toView);
	}

	@GetMapping("/by-code/{code}")
	Mono<OrgView> byCode(@PathVariable String code, Caller caller) {
		return this.orgs.findByCode(code)
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Org with code " + code)))
			.doOnNext(org -> requireReadable(caller, org))
			.map(this.mapper::toView);
	}

	@GetMapping("/{id}/children")
	Mono<Page<OrgView>> children(@PathVariable long id, @RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor, Caller caller) {
		int size = Limits.of(limit);
		return this.orgs.require(id)
			.doOnNext(parent -> requireInScope(caller, parent))
			.flatMap(parent -> this.orgs.children(parent.id(), cursor, size + 1).collectList())
			.map(rows -> Page.of(rows, size, Org::code).map(this.mapper::toView));
	}

	/** CITY_ADMIN only: places a town under a functional zone (or back). */
	@PatchMapping("/{id}")
	Mono<OrgView> move(@PathVariable long id, @Valid @RequestBody MoveRequest request, Caller caller) {
		return this.access.requireOrg(caller, id, Set.of(Role.CITY_ADMIN))
			.flatMap(org -> this.orgs.move(org.id(), request.parentId()))
			.map(this.mapper::toView);
	}

	/** The caller's subtrees, and the chain of orgs above them (for breadcrumbs). */
	private static void requireReadable(Caller caller, Org org) {
		if (caller.bindings().isEmpty()) {
			throw ApiException.forbiddenRole();
		}
		if (!caller.sees(org) && !caller.isAbove(org)) {
			throw ApiException.forbiddenScope();
		}
	}

	private static void requireInScope(Caller caller, Org org) {
		if (caller.bindings().isEmpty()) {
			throw ApiException.forbiddenRole();
		}
		if (!caller.sees(org)) {
			throw ApiException.forbiddenScope();
		}
	}

	record MoveRequest(@NotNull Long parentId) {
	}

}
