package cn.luohe.grassroots.youthhome.web;

import java.util.List;

import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.moderation.api.ContentModeration;
import cn.luohe.grassroots.moderation.api.TextScene;
import cn.luohe.grassroots.common.paging.Cursors;
import cn.luohe.grassroots.common.paging.Limits;
import cn.luohe.grassroots.common.web.RequestValues;
import cn.luohe.grassroots.common.paging.Page;
import cn.luohe.grassroots.youthhome.internal.NewYouthOrganization;
import cn.luohe.grassroots.youthhome.internal.OrganizationService;
import cn.luohe.grassroots.youthhome.internal.OrganizationType;
import cn.luohe.grassroots.youthhome.web.YouthHomeViews.CreateOrganizationRequest;
import cn.luohe.grassroots.youthhome.web.YouthHomeViews.OrganizationView;
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

/** Youth organizations a home incubates. */
@RestController
@RequestMapping("/api/v1/youth-homes/{homeId}/organizations")
class OrganizationController {

	private final OrganizationService organizations;

	private final YouthHomeViewMapper mapper;

	private final ContentModeration moderation;

	OrganizationController(OrganizationService organizations, YouthHomeViewMapper mapper,
			ContentModeration moderation) {
		this.moderation = moderation;
		this.organizations = organizations;
		this.mapper = mapper;
	}

	@PostMapping
	Mono<ResponseEntity<OrganizationView>> register(@PathVariable long homeId,
			@Valid @RequestBody CreateOrganizationRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey, Caller caller) {
		NewYouthOrganization organization = new NewYouthOrganization(request.name().strip(),
				RequestValues.constant(OrganizationType.class, request.type(), "type"), request.foundedOn());
		return this.moderation.check(caller.userId(), TextScene.PROFILE, List.of(organization.name()))
			.flatMap(check -> this.organizations.register(caller, homeId, idempotencyKey, organization, check))
			.map(outcome -> ResponseEntity.status(outcome.status()).body(this.mapper.toView(outcome.body())));
	}

	@GetMapping
	Mono<Page<OrganizationView>> list(@PathVariable long homeId,
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor, Caller caller) {
		int size = Limits.of(limit);
		long after = Cursors.afterId(cursor);
		return this.organizations.list(caller, homeId, after, size)
			.map(rows -> Page.of(rows, size, o -> String.valueOf(o.id())).map(this.mapper::toView));
	}

}
