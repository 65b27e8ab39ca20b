package cn.luohe.grassroots.youthhome.web;

import java.util.Arrays;

import java.time.temporal.ChronoUnit;

import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.moderation.api.ContentModeration;
import cn.luohe.grassroots.moderation.api.TextScene;
import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.common.paging.Limits;
import cn.luohe.grassroots.common.web.RequestValues;
import cn.luohe.grassroots.common.paging.Page;
import cn.luohe.grassroots.youthhome.internal.ActivityCategory;
import cn.luohe.grassroots.common.paging.InstantCursor;
import cn.luohe.grassroots.youthhome.internal.ActivityService;
import cn.luohe.grassroots.youthhome.internal.NewActivity;
import cn.luohe.grassroots.youthhome.internal.SignInService;
import cn.luohe.grassroots.youthhome.web.YouthHomeViews.ActivityView;
import cn.luohe.grassroots.youthhome.web.YouthHomeViews.CreateActivityRequest;
import cn.luohe.grassroots.common.web.LocationRequest;
import cn.luohe.grassroots.youthhome.web.YouthHomeViews.SignInCodeView;
import cn.luohe.grassroots.youthhome.web.YouthHomeViews.SignInSessionView;
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
@RequestMapping("/api/v1/youth-homes/{homeId}/activities")
class ActivityController {

	private final ActivityService activities;

	private final SignInService signIns;

	private final YouthHomeViewMapper mapper;

	private final BusinessClock clock;

	private final ContentModeration moderation;

	ActivityController(ActivityService activities, SignInService signIns, YouthHomeViewMapper mapper,
			BusinessClock clock, ContentModeration moderation) {
		this.moderation = moderation;
		this.activities = activities;
		this.signIns = signIns;
		this.mapper = mapper;
		this.clock = clock;
	}

	@PostMapping
	Mono<ResponseEntity<ActivityView>> log(@PathVariable long homeId, @Valid @RequestBody CreateActivityRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey, Caller caller) {
		NewActivity activity = toActivity(request);
		return this.moderation
			.check(caller.userId(), TextScene.SOCIAL_LOG, Arrays.asList(activity.title(), activity.description()))
			.flatMap(check -> this.activities.log(caller, homeId, idempotencyKey, activity, check))
			.map(outcome -> ResponseEntity.status(outcome.status()).body(this.mapper.toView(outcome.body())));
	}

	/** A home's activities of a month (default: the current one), ordered by start. */
	@GetMapping
	Mono<Page<ActivityView>> list(@PathVariable long homeId, @RequestParam(required = false) @Nullable String month,
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor, Caller caller) {
		int size = Limits.of(limit);
		InstantCursor after = InstantCursor.decode(cursor);
		return this.activities
			.list(caller, homeId, RequestValues.month(month, this.clock.currentMonth()),
					(after != null) ? after.at() : null, (after != null) ? after.id() : 0, size)
			.map(rows -> Page.of(rows, size, a -> new InstantCursor(a.startAt(), a.id()).encode())
				.map(this.mapper::toView));
	}

	@GetMapping("/{activityId}")
	Mono<ActivityView> get(@PathVariable long homeId, @PathVariable long activityId, Caller caller) {
		return this.activities.get(caller, homeId, activityId).map(this.mapper::toView);
	}

	/** Opens the activity's sign-in (until its end + 2 h or an explicit close). */
	@PostMapping("/{activityId}/sign-in-sessions")
	Mono<ResponseEntity<SignInSessionView>> openSignIn(@PathVariable long homeId, @PathVariable long activityId,
			Caller caller) {
		return this.signIns.open(caller, homeId, activityId)
			.map(outcome -> ResponseEntity.status(outcome.status()).body(this.mapper.toView(outcome.body())));
	}

	@PostMapping("/{activityId}/sign-in-sessions/close")
	Mono<SignInSessionView> closeSignIn(@PathVariable long homeId, @PathVariable long activityId, Caller caller) {
		return this.signIns.close(caller, homeId, activityId).map(this.mapper::toView);
	}

	/** The code the QR shows now; poll again at expiresAt. */
	@GetMapping("/{activityId}/sign-in-code")
	Mono<SignInCodeView> signInCode(@PathVariable long homeId, @PathVariable long activityId, Caller caller) {
		return this.signIns.currentCode(caller, homeId, activityId).map(this.mapper::toView);
	}

	private static NewActivity toActivity(CreateActivityRequest request) {
		// PostgreSQL keeps microseconds: the stored start must be the one judged here
		var startAt = request.startAt().truncatedTo(ChronoUnit.MICROS);
		var endAt = request.endAt().truncatedTo(ChronoUnit.MICROS);
		if (!startAt.isBefore(endAt)) {
			throw ApiException.invalidField("endAt", "must be after startAt");
		}
		return new NewActivity(request.title().strip(),
				RequestValues.constant(ActivityCategory.class, request.category(), "category"), startAt, endAt,
				request.participants(), RequestValues.trimmed(request.description()),
				LocationRequest.toPoint(request.location()), RequestValues.photoIds(request.photoIds()));
	}

}
