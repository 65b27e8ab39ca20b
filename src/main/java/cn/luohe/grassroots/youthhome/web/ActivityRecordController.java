package cn.luohe.grassroots.youthhome.web;

import java.util.Arrays;
import cn.luohe.grassroots.moderation.api.ContentModeration;
import cn.luohe.grassroots.moderation.api.TextScene;
import cn.luohe.grassroots.common.web.RequestValues;
import cn.luohe.grassroots.correction.api.ReasonRequest;
import cn.luohe.grassroots.correction.api.VoidResult;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.youthhome.internal.ActivityCorrection;
import cn.luohe.grassroots.youthhome.internal.ActivityService;
import cn.luohe.grassroots.youthhome.web.YouthHomeViews.ActivityView;
import cn.luohe.grassroots.youthhome.web.YouthHomeViews.CorrectActivityRequest;
import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** One activity by its id: read, correct, void. */
@RestController
@RequestMapping("/api/v1/activities/{id}")
class ActivityRecordController {

	private final ActivityService activities;

	private final YouthHomeViewMapper mapper;

	private final ContentModeration moderation;

	ActivityRecordController(ActivityService activities, YouthHomeViewMapper mapper, ContentModeration moderation) {
		this.activities = activities;
		this.mapper = mapper;
		this.moderation = moderation;
	}

	@GetMapping
	Mono<ActivityView> get(@PathVariable long id, Caller caller) {
		return this.activities.get(caller, id).map(this.mapper::toView);
	}

	/** The author within the amendment window, or an administrator; audited. */
	@PatchMapping
	Mono<ActivityView> correct(@PathVariable long id, @Valid @RequestBody CorrectActivityRequest request,
			Caller caller) {
		String title = (request.title() != null) ? request.title().strip() : null;
		String description = RequestValues.trimmed(request.description());
		// corrected texts pass content security as new ones do (issue 22)
		return this.moderation.check(caller.userId(), TextScene.SOCIAL_LOG, Arrays.asList(title, description))
			.flatMap(
					check -> this.activities.correct(caller, id,
							new ActivityCorrection(title, request.participants(), description,
									request.reason().strip()),
							check))
			.map(this.mapper::toView);
	}

	/** Voids the activity: it leaves every count, report and the feed. */
	@PostMapping("/void")
	Mono<VoidResult> voidActivity(@PathVariable long id, @Valid @RequestBody ReasonRequest request, Caller caller) {
		return this.activities.voidActivity(caller, id, request.stripped());
	}

}
