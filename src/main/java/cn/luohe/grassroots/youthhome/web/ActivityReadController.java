package cn.luohe.grassroots.youthhome.web;

import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.youthhome.internal.ActivityService;
import cn.luohe.grassroots.youthhome.web.YouthHomeViews.ActivityView;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * An activity by its own id (what a feed item names), with the same scope as its home's
 * list.
 */
@RestController
class ActivityReadController {

	private final ActivityService activities;

	private final YouthHomeViewMapper mapper;

	ActivityReadController(ActivityService activities, YouthHomeViewMapper mapper) {
		this.activities = activities;
		this.mapper = mapper;
	}

	@GetMapping("/api/v1/activities/{id}")
	Mono<ActivityView> get(@PathVariable long id, Caller caller) {
		return this.activities.get(caller, id).map(this.mapper::toView);
	}

}
