package cn.luohe.grassroots.firstsecretary.web;

import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.common.web.RequestValues;
import cn.luohe.grassroots.firstsecretary.internal.ChecklistService;
import cn.luohe.grassroots.firstsecretary.web.FirstSecretaryViews.ChecklistView;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's checklist of the month. It lives beside the themed events rather than in
 * identity's MeController because it reads the records of the two streams.
 */
@RestController
class ChecklistController {

	private final ChecklistService checklists;

	private final FirstSecretaryViewMapper mapper;

	private final BusinessClock clock;

	ChecklistController(ChecklistService checklists, FirstSecretaryViewMapper mapper, BusinessClock clock) {
		this.checklists = checklists;
		this.mapper = mapper;
		this.clock = clock;
	}

	@GetMapping("/api/v1/me/checklist")
	Mono<ChecklistView> checklist(@RequestParam(required = false) @Nullable String month, Caller caller) {
		var requested = RequestValues.month(month, this.clock.currentMonth());
		return this.checklists.of(caller, requested).map(this.mapper::toView);
	}

}
