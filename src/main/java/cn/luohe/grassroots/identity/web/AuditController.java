package cn.luohe.grassroots.identity.web;

import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.common.paging.Cursors;
import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.paging.Limits;
import cn.luohe.grassroots.common.paging.Page;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.identity.internal.AuditLog;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/audit")
class AuditController {

	private final AuditLog audit;

	private final IdentityViewMapper mapper;

	AuditController(AuditLog audit, IdentityViewMapper mapper) {
		this.audit = audit;
		this.mapper = mapper;
	}

	/** Identity events, newest first (CITY_ADMIN only: the whole city's events). */
	@GetMapping
	Mono<Page<IdentityViews.AuditView>> list(@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor, Caller caller) {
		int size = Limits.of(limit);
		Long before = Cursors.id(cursor, "cursor");
		if (!caller.hasRole(Role.CITY_ADMIN)) {
			return Mono.error(ApiException.forbiddenRole());
		}
		return this.audit.newestFirst(before, size + 1)
			.collectList()
			.map(rows -> Page.of(rows, size, entry -> Long.toString(entry.id())).map(this.mapper::toView));
	}

}
