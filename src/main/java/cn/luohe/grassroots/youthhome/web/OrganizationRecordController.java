package cn.luohe.grassroots.youthhome.web;

import java.util.Collections;

import cn.luohe.grassroots.moderation.api.ContentModeration;
import cn.luohe.grassroots.moderation.api.TextScene;
import cn.luohe.grassroots.correction.api.ReasonRequest;
import cn.luohe.grassroots.correction.api.VoidResult;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.common.web.RequestValues;
import cn.luohe.grassroots.youthhome.internal.OrganizationService;
import cn.luohe.grassroots.youthhome.internal.OrganizationType;
import cn.luohe.grassroots.youthhome.web.YouthHomeViews.CorrectOrganizationRequest;
import cn.luohe.grassroots.youthhome.web.YouthHomeViews.OrganizationView;
import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** One youth organization by its id: correct, void. */
@RestController
@RequestMapping("/api/v1/youth-organizations/{id}")
class OrganizationRecordController {

	private final OrganizationService organizations;

	private final YouthHomeViewMapper mapper;

	private final ContentModeration moderation;

	OrganizationRecordController(OrganizationService organizations, YouthHomeViewMapper mapper,
			ContentModeration moderation) {
		this.moderation = moderation;
		this.organizations = organizations;
		this.mapper = mapper;
	}

	/** The author within the amendment window, or an administrator; audited. */
	@PatchMapping
	Mono<OrganizationView> correct(@PathVariable long id, @Valid @RequestBody CorrectOrganizationRequest request,
			Caller caller) {
		String name = (request.name() != null) ? request.name().strip() : null;
		OrganizationType type = (request.type() != null)
				? RequestValues.constant(OrganizationType.class, request.type(), "type") : null;
		// a corrected name passes content security as a new one does (issue 22)
		return this.moderation.check(caller.userId(), TextScene.PROFILE, Collections.singletonList(name))
			.flatMap(check -> this.organizations.correct(caller, id, name, type, request.foundedOn(),
					request.reason().strip(), check))
			.map(this.mapper::toView);
	}

	/** Voids the organization: it leaves the home's list and the county's figures. */
	@PostMapping("/void")
	Mono<VoidResult> voidOrganization(@PathVariable long id, @Valid @RequestBody ReasonRequest request, Caller caller) {
		return this.organizations.voidOrganization(caller, id, request.stripped());
	}

}
