package cn.luohe.grassroots.leagueorg.web;

import java.util.List;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.paging.Cursors;
import cn.luohe.grassroots.common.paging.Limits;
import cn.luohe.grassroots.common.paging.Page;
import cn.luohe.grassroots.common.web.RequestValues;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.moderation.api.ContentModeration;
import cn.luohe.grassroots.moderation.api.TextScene;
import cn.luohe.grassroots.leagueorg.api.HostUnitAttributes;
import cn.luohe.grassroots.leagueorg.api.HostUnitKind;
import cn.luohe.grassroots.leagueorg.api.ParkLevel;
import cn.luohe.grassroots.leagueorg.internal.LeagueOrgService;
import cn.luohe.grassroots.leagueorg.internal.NewHostUnit;
import cn.luohe.grassroots.leagueorg.web.LeagueOrgViews.CreateHostUnitRequest;
import cn.luohe.grassroots.leagueorg.web.LeagueOrgViews.HostUnitView;
import cn.luohe.grassroots.leagueorg.web.LeagueOrgViews.UpdateHostUnitRequest;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/host-units")
class HostUnitController {

	private final LeagueOrgService service;

	private final LeagueOrgViewMapper mapper;

	private final ContentModeration moderation;

	HostUnitController(LeagueOrgService service, LeagueOrgViewMapper mapper, ContentModeration moderation) {
		this.moderation = moderation;
		this.service = service;
		this.mapper = mapper;
	}

	@PostMapping
	Mono<ResponseEntity<HostUnitView>> register(@Valid @RequestBody CreateHostUnitRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey, Caller caller) {
		HostUnitKind kind = RequestValues.constant(HostUnitKind.class, request.kind(), "kind");
		HostUnitAttributes attributes = new HostUnitAttributes(yes(request.eligible(), true),
				yes(request.partyOrganized(), false), yes(request.aboveDesignatedSize(), false),
				yes(request.youthFederationMember(), false), yes(request.youngEntrepreneurMember(), false),
				yes(request.provincialTop100(), false), yes(request.cityTop20(), false), parkLevel(request.parkLevel()),
				request.parkId());
		NewHostUnit unit = new NewHostUnit(request.name().strip(), request.countyId(), request.townId(), kind,
				attributes);
		// the unit's name is shown in the feed and on the big screen (issue 22)
		return this.moderation.check(caller.userId(), TextScene.PROFILE, List.of(unit.name()))
			.flatMap(check -> this.service.register(caller, idempotencyKey, unit, check))
			.map(outcome -> ResponseEntity.status(outcome.status()).body(this.mapper.toView(outcome.body())));
	}

	@GetMapping
	Mono<Page<HostUnitView>> list(@RequestParam(required = false) @Nullable Long countyId,
			@RequestParam(required = false) @Nullable String kind,
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor, Caller caller) {
		int size = Limits.of(limit);
		long after = Cursors.afterId(cursor);
		HostUnitKind parsed = (kind != null) ? RequestValues.constant(HostUnitKind.class, kind, "kind") : null;
		return this.service.units(caller, countyId, parsed, after, size)
			.map(rows -> Page.of(rows, size, unit -> String.valueOf(unit.id())).map(this.mapper::toView));
	}

	@GetMapping("/{id}")
	Mono<HostUnitView> get(@PathVariable long id, Caller caller) {
		return this.service.unit(caller, id).map(this.mapper::toView);
	}

	/** Corrects a unit's attributes (its recorders and city admins; audited). */
	@PatchMapping("/{id}")
	Mono<HostUnitView> correct(@PathVariable long id, @Valid @RequestBody UpdateHostUnitRequest request,
			Caller caller) {
		if (request.others() != null && !request.others().isEmpty()) {
			// a name, kind or county is not corrected here: refused, never ignored
			return Mono.error(ApiException.validation(request.others()
				.keySet()
				.stream()
				.sorted()
				.map(field -> new ApiException.FieldProblem(field, "cannot be corrected here"))
				.toList()));
		}
		return this.service.unit(caller, id).flatMap(unit -> {
			HostUnitAttributes a = unit.attributes();
			HostUnitAttributes changed = new HostUnitAttributes(yes(request.eligible(), a.eligible()),
					yes(request.partyOrganized(), a.partyOrganized()),
					yes(request.aboveDesignatedSize(), a.aboveDesignatedSize()),
					yes(request.youthFederationMember(), a.youthFederationMember()),
					yes(request.youngEntrepreneurMember(), a.youngEntrepreneurMember()),
					yes(request.provincialTop100(), a.provincialTop100()), yes(request.cityTop20(), a.cityTop20()),
					(request.parkLevel() != null) ? parkLevel(request.parkLevel()) : a.parkLevel(),
					(request.parkId() != null) ? request.parkId() : a.parkId());
			return this.service.correct(caller, id, changed);
		}).map(this.mapper::toView);
	}

	private static boolean yes(@Nullable Boolean value, boolean fallback) {
		return (value != null) ? value : fallback;
	}

	private static @Nullable ParkLevel parkLevel(@Nullable String value) {
		return (value != null) ? RequestValues.constant(ParkLevel.class, value, "parkLevel") : null;
	}

}
