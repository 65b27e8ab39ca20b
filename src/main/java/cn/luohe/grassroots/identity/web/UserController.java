package cn.luohe.grassroots.identity.web;

import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.common.paging.Cursors;
import cn.luohe.grassroots.common.paging.Limits;
import cn.luohe.grassroots.common.paging.Page;
import cn.luohe.grassroots.identity.internal.UserAdminService;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/users")
class UserController {

	private final UserAdminService admin;

	private final IdentityViewMapper mapper;

	UserController(UserAdminService admin, IdentityViewMapper mapper) {
		this.admin = admin;
		this.mapper = mapper;
	}

	/** Users with a role in the org's subtree (admins, leaders, secretaries). */
	@GetMapping
	Mono<Page<IdentityViews.UserView>> list(@RequestParam long orgId,
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor, Caller caller) {
		int size = Limits.of(limit);
		long after = Cursors.afterId(cursor);
		return this.admin.usersWithin(caller, orgId, after, size + 1)
			.collectList()
			.map(rows -> Page.of(rows, size, user -> Long.toString(user.id())).map(this.mapper::toView));
	}

	@DeleteMapping("/{userId}/roles/{bindingId}")
	Mono<ResponseEntity<Void>> revoke(@PathVariable long userId, @PathVariable long bindingId, Caller caller) {
		return this.admin.revoke(caller, userId, bindingId)
			.then(Mono.fromSupplier(() -> ResponseEntity.noContent().build()));
	}

}
