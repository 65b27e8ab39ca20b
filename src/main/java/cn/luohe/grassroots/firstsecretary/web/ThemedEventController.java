package cn.luohe.grassroots.firstsecretary.web;

import java.util.Arrays;

import java.time.temporal.ChronoUnit;

import cn.luohe.grassroots.correction.api.ReasonRequest;
import cn.luohe.grassroots.correction.api.VoidResult;
import cn.luohe.grassroots.firstsecretary.web.FirstSecretaryViews.CorrectThemedEventRequest;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.moderation.api.ContentModeration;
import cn.luohe.grassroots.moderation.api.TextScene;
import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.common.paging.InstantCursor;
import cn.luohe.grassroots.common.paging.Limits;
import cn.luohe.grassroots.common.paging.Page;
import cn.luohe.grassroots.common.web.RequestValues;
import cn.luohe.grassroots.firstsecretary.internal.NewThemedEvent;
import cn.luohe.grassroots.firstsecretary.internal.ThemedEventService;
import cn.luohe.grassroots.firstsecretary.web.FirstSecretaryViews.CreateThemedEventRequest;
import cn.luohe.grassroots.common.web.LocationRequest;
import cn.luohe.grassroots.firstsecretary.web.FirstSecretaryViews.ThemedEventView;
import cn.luohe.grassroots.org.api.OrgLevel;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/themed-events")
class ThemedEventController {

	private final ThemedEventService events;

	private final FirstSecretaryViewMapper mapper;

	private final BusinessClock clock;

	private final ContentModeration moderation;

	ThemedEventController(ThemedEventService events, FirstSecretaryViewMapper mapper, BusinessClock clock,
			ContentModeration moderation) {
		this.moderation = moderation;
		this.events = events;
		this.mapper = mapper;
		this.clock = clock;
	}

	@PostMapping
	Mono<ResponseEntity<ThemedEventView>> log(@Valid @RequestBody CreateThemedEventRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey, Caller caller) {
		NewThemedEvent event = new NewThemedEvent(request.themeId(), request.villageId(), request.title().strip(),
				// PostgreSQL keeps microseconds: the
				// stored time must be the one judged here
				request.heldAt().truncatedTo(ChronoUnit.MICROS), request.participants(),
				RequestValues.trimmed(request.summary()), LocationRequest.toPoint(request.location()),
				request.volunteerTeamId(), RequestValues.photoIds(request.photoIds()));
		return this.moderation
			.check(caller.userId(), TextScene.SOCIAL_LOG, Arrays.asList(event.title(), event.summary()))
			.flatMap(check -> this.events.log(caller, idempotencyKey, event, check))
			.map(outcome -> ResponseEntity.status(outcome.status()).body(this.mapper.toView(outcome.body())));
	}

	/**
	 * Events of a village or of a county-level unit's villages in a month (default:
	 * current).
	 */
	@GetMapping
	Mono<Page<ThemedEventView>> list(@RequestParam(required = false) @Nullable Long villageId,
			@RequestParam(required = false) @Nullable Long countyId,
			@RequestParam(required = false) @Nullable String month,
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor, Caller caller) {
		if ((villageId == null) == (countyId == null)) {
			throw ApiException.invalidField((villageId == null) ? "villageId" : "countyId",
					"give exactly one of villageId and countyId");
		}
		int size = Limits.of(limit);
		InstantCursor after = InstantCursor.decode(cursor);
		long orgId = (villageId != null) ? villageId : countyId;
		OrgLevel level = (villageId != null) ? OrgLevel.VILLAGE : OrgLevel.COUNTY;
		return this.events
			.list(caller, orgId, level, RequestValues.month(month, this.clock.currentMonth()),
					(after != null) ? after.at() : null, (after != null) ? after.id() : 0, size)
			.map(rows -> Page.of(rows, size, e -> new InstantCursor(e.heldAt(), e.id()).encode())
				.map(this.mapper::toView));
	}

	@GetMapping("/{id}")
	Mono<ThemedEventView> get(@PathVariable long id, Caller caller) {
		return this.events.get(caller, id).map(this.mapper::toView);
	}

	/** The author within the amendment window, or an administrator; audited. */
	@PatchMapping("/{id}")
	Mono<ThemedEventView> correct(@PathVariable long id, @Valid @RequestBody CorrectThemedEventRequest request,
			Caller caller) {
		String title = (request.title() != null) ? request.title().strip() : null;
		String summary = RequestValues.trimmed(request.summary());
		// corrected texts pass content security as new ones do (issue 22)
		return this.moderation.check(caller.userId(), TextScene.SOCIAL_LOG, Arrays.asList(title, summary))
			.flatMap(check -> this.events.correct(caller, id, title, request.participants(), summary,
					request.reason().strip(), check))
			.map(this.mapper::toView);
	}

	/** Voids the themed event: it leaves every count, report and the feed. */
	@PostMapping("/{id}/void")
	Mono<VoidResult> voidEvent(@PathVariable long id, @Valid @RequestBody ReasonRequest request, Caller caller) {
		return this.events.voidEvent(caller, id, request.stripped());
	}

}
