package cn.luohe.grassroots.identity.web;

import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.identity.internal.InvitationService;
import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * No Idempotency-Key here: replaying a creation would need the code kept in clear next to
 * the key, and a retried creation only leaves an unused invitation that expires.
 */
@RestController
@RequestMapping("/api/v1/invitations")
class InvitationController {

	private static final int DEFAULT_MAX_USES = 1;

	private static final int DEFAULT_EXPIRES_IN_HOURS = 72;

	private final InvitationService invitations;

	private final IdentityViewMapper mapper;

	InvitationController(InvitationService invitations, IdentityViewMapper mapper) {
		this.invitations = invitations;
		this.mapper = mapper;
	}

	@PostMapping
	Mono<ResponseEntity<IdentityViews.InvitationView>> create(
			@Valid @RequestBody IdentityViews.CreateInvitationRequest request, Caller caller) {
		if ((request.orgId() == null) == (request.youthHomeId() == null)) {
			return Mono.error(ApiException.invalidField("orgId", "exactly one of orgId and youthHomeId is required"));
		}
		int maxUses = (request.maxUses() != null) ? request.maxUses() : DEFAULT_MAX_USES;
		int hours = (request.expiresInHours() != null) ? request.expiresInHours() : DEFAULT_EXPIRES_IN_HOURS;
		return this.invitations
			.create(caller, Role.valueOf(request.role()), request.orgId(), request.youthHomeId(), maxUses, hours)
			.map(created -> ResponseEntity.status(HttpStatus.CREATED).body(this.mapper.toView(created)));
	}

	@PostMapping("/{code}/redeem")
	Mono<IdentityViews.MeView> redeem(@PathVariable String code, Caller caller) {
		return this.invitations.redeem(caller, code).map(this.mapper::toView);
	}

}
