package cn.luohe.grassroots.youthhome.web;

import cn.luohe.grassroots.correction.api.ReasonRequest;
import cn.luohe.grassroots.correction.api.VoidResult;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.youthhome.internal.OrganizationService;
import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** One youth organization by its id. */
@RestController
@RequestMapping("/api/v1/youth-organizations/{id}")
class OrganizationRecordController {

	private final OrganizationService organizations;

	OrganizationRecordController(OrganizationService organizations) {
		this.organizations = organizations;
	}

	/** Voids the organization: it leaves the home's list and the county's figures. */
	@PostMapping("/void")
	Mono<VoidResult> voidOrganization(@PathVariable long id, @Valid @RequestBody ReasonRequest request, Caller caller) {
		return this.organizations.voidOrganization(caller, id, request.stripped());
	}

}
