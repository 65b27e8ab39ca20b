package cn.luohe.grassroots.identity.web;

import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.internal.IdentityService;
import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/me")
class MeController {

	private final IdentityService identity;

	private final IdentityViewMapper mapper;

	MeController(IdentityService identity, IdentityViewMapper mapper) {
		this.identity = identity;
		this.mapper = mapper;
	}

	/**
	 * The roles are those the caller acts with: a browser signed in by scan, those it was
	 * confirmed with (still active), so that its screen takes the session's scope.
	 */
	@GetMapping
	Mono<IdentityViews.MeView> me(Caller caller) {
		return this.identity.profile(caller.userId())
			.map(profile -> new IdentityService.Profile(profile.id(), profile.displayName(), profile.phone(),
					caller.bindings()))
			.map(this.mapper::toView);
	}

	@PatchMapping
	Mono<IdentityViews.MeView> rename(@Valid @RequestBody IdentityViews.RenameRequest request, Caller caller) {
		return this.identity.rename(caller.userId(), request.displayName()).map(this.mapper::toView);
	}

	@PostMapping("/phone")
	Mono<IdentityViews.MeView> phone(@Valid @RequestBody IdentityViews.PhoneRequest request, Caller caller) {
		return this.identity.bindPhone(caller.userId(), request.code()).map(this.mapper::toView);
	}

}
