package cn.luohe.grassroots.visit.web;

import java.util.List;

import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.moderation.api.ContentModeration;
import cn.luohe.grassroots.moderation.api.TextScene;
import cn.luohe.grassroots.common.paging.Limits;
import cn.luohe.grassroots.common.paging.Page;
import cn.luohe.grassroots.visit.internal.NeedService;
import cn.luohe.grassroots.visit.internal.NeedStatus;
import cn.luohe.grassroots.visit.web.VisitRequests.ResolveRequest;
import cn.luohe.grassroots.visit.web.VisitViews.NeedView;
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

@RestController
@RequestMapping("/api/v1/needs")
class NeedController {

	private final NeedService needs;

	private final VisitViewMapper mapper;

	private final ContentModeration moderation;

	NeedController(NeedService needs, VisitViewMapper mapper, ContentModeration moderation) {
		this.moderation = moderation;
		this.needs = needs;
		this.mapper = mapper;
	}

	@GetMapping
	Mono<Page<NeedView>> list(@RequestParam(required = false) @Nullable Long orgId,
			@RequestParam(required = false) @Nullable NeedStatus status,
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor, Caller caller) {
		int size = Limits.of(limit);
		return this.needs.list(caller, orgId, status, size, cursor).map(page -> page.map(this.mapper::toView));
	}

	/** One need, for its hearer and whoever oversees its org (a feed item opens it). */
	@GetMapping("/{id}")
	Mono<NeedView> get(@PathVariable long id, Caller caller) {
		return this.needs.get(caller, id).map(this.mapper::toView);
	}

	@PostMapping("/{id}/resolve")
	Mono<ResponseEntity<NeedView>> resolve(@PathVariable long id, @Valid @RequestBody ResolveRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key, Caller caller) {
		String response = request.response().strip();
		return this.moderation.check(caller.userId(), TextScene.SOCIAL_LOG, List.of(response))
			.flatMap(check -> this.needs.resolve(caller, id, response, key, check))
			.map(outcome -> ResponseEntity.status(outcome.status()).body(this.mapper.toView(outcome.body())));
	}

}
