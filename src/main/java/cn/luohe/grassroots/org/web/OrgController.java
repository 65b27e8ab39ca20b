package cn.luohe.grassroots.org.web;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.web.Limits;
import cn.luohe.grassroots.common.web.Page;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgDirectory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/orgs")
class OrgController {

	private final OrgDirectory orgs;

	private final OrgViewMapper mapper;

	OrgController(OrgDirectory orgs, OrgViewMapper mapper) {
		this.orgs = orgs;
		this.mapper = mapper;
	}

	@GetMapping("/{id}")
	Mono<OrgView> get(@PathVariable long id) {
		return this.orgs.require(id).map(this.mapper::toView);
	}

	@GetMapping("/by-code/{code}")
	Mono<OrgView> byCode(@PathVariable String code) {
		return this.orgs.findByCode(code)
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Org with code " + code)))
			.map(this.mapper::toView);
	}

	@GetMapping("/{id}/children")
	Mono<Page<OrgView>> children(@PathVariable long id, @RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor) {
		int size = Limits.of(limit);
		return this.orgs.require(id)
			.flatMap(parent -> this.orgs.children(parent.id(), cursor, size + 1).collectList())
			.map(rows -> Page.of(rows, size, Org::code).map(this.mapper::toView));
	}

}
