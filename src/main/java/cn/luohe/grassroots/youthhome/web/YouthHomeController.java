package cn.luohe.grassroots.youthhome.web;

import java.util.Collections;
import java.util.List;

import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.moderation.api.ContentModeration;
import cn.luohe.grassroots.moderation.api.TextScene;
import cn.luohe.grassroots.common.paging.Cursors;
import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.paging.Limits;
import cn.luohe.grassroots.common.web.RequestValues;
import cn.luohe.grassroots.common.paging.Page;
import cn.luohe.grassroots.org.api.OrgLevel;
import cn.luohe.grassroots.youthhome.internal.NewYouthHome;
import cn.luohe.grassroots.youthhome.internal.YouthHomeChanges;
import cn.luohe.grassroots.youthhome.internal.YouthHomeService;
import cn.luohe.grassroots.youthhome.internal.YouthHomeStatus;
import cn.luohe.grassroots.youthhome.web.YouthHomeViews.CreateYouthHomeRequest;
import cn.luohe.grassroots.common.web.LocationRequest;
import cn.luohe.grassroots.youthhome.web.YouthHomeViews.UpdateYouthHomeRequest;
import cn.luohe.grassroots.youthhome.web.YouthHomeViews.YouthHomeView;
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
@RequestMapping("/api/v1/youth-homes")
class YouthHomeController {

	private final YouthHomeService homes;

	private final YouthHomeViewMapper mapper;

	private final ContentModeration moderation;

	YouthHomeController(YouthHomeService homes, YouthHomeViewMapper mapper, ContentModeration moderation) {
		this.moderation = moderation;
		this.homes = homes;
		this.mapper = mapper;
	}

	@PostMapping
	Mono<ResponseEntity<YouthHomeView>> register(@Valid @RequestBody CreateYouthHomeRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey, Caller caller) {
		NewYouthHome home = new NewYouthHome(request.name().strip(), request.townId(),
				RequestValues.trimmed(request.address()), LocationRequest.toPoint(request.location()));
		return this.moderation.check(caller.userId(), TextScene.PROFILE, List.of(home.name()))
			.flatMap(check -> this.homes.register(caller, idempotencyKey, home, check))
			.map(outcome -> ResponseEntity.status(outcome.status()).body(this.mapper.toView(outcome.body())));
	}

	/** Homes of a town, or of every town of a county-level unit. */
	@GetMapping
	Mono<Page<YouthHomeView>> list(@RequestParam(required = false) @Nullable Long townId,
			@RequestParam(required = false) @Nullable Long countyId,
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor, Caller caller) {
		if ((townId == null) == (countyId == null)) {
			throw ApiException.invalidField((townId == null) ? "townId" : "countyId",
					"give exactly one of townId and countyId");
		}
		int size = Limits.of(limit);
		long after = Cursors.afterId(cursor);
		long orgId = (townId != null) ? townId : countyId;
		OrgLevel level = (townId != null) ? OrgLevel.TOWN : OrgLevel.COUNTY;
		return this.homes.list(caller, orgId, level, after, size)
			.map(rows -> Page.of(rows, size, home -> String.valueOf(home.id())).map(this.mapper::toView));
	}

	@GetMapping("/{id}")
	Mono<YouthHomeView> get(@PathVariable long id, Caller caller) {
		return this.homes.get(caller, id).map(this.mapper::toView);
	}

	/**
	 * Edits, marks a demonstration site or cloud-platform onboarding, delists or relists.
	 */
	@PatchMapping("/{id}")
	Mono<YouthHomeView> update(@PathVariable long id, @Valid @RequestBody UpdateYouthHomeRequest request,
			Caller caller) {
		YouthHomeChanges changes = new YouthHomeChanges((request.name() != null) ? request.name().strip() : null,
				RequestValues.trimmed(request.address()), LocationRequest.toPoint(request.location()),
				(request.status() != null) ? YouthHomeStatus.valueOf(request.status()) : null, request.demonstration(),
				request.cloudPlatformOnboarded(), request.cloudPlatformOnboardedAt());
		return this.moderation.check(caller.userId(), TextScene.PROFILE, Collections.singletonList(changes.name()))
			.flatMap(check -> this.homes.update(caller, id, changes, check))
			.map(this.mapper::toView);
	}

}
