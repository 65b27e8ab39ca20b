package cn.luohe.grassroots.dashboard.web;

import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.common.web.RequestValues;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.dashboard.internal.DashboardService;
import cn.luohe.grassroots.dashboard.internal.ReconciliationService;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/dashboards")
class DashboardController {

	private final DashboardService dashboards;

	private final ReconciliationService reconciliation;

	private final BusinessClock clock;

	private final DashboardViewMapper mapper;

	DashboardController(DashboardService dashboards, ReconciliationService reconciliation, BusinessClock clock,
			DashboardViewMapper mapper) {
		this.dashboards = dashboards;
		this.reconciliation = reconciliation;
		this.clock = clock;
		this.mapper = mapper;
	}

	@GetMapping("/towns")
	Mono<DashboardViews.TownDashboardView> towns(@RequestParam long countyId,
			@RequestParam(required = false) @Nullable String month, Caller caller) {
		return this.dashboards.towns(caller, countyId, RequestValues.month(month, this.clock.currentMonth()))
			.map(this.mapper::toView);
	}

	@GetMapping("/counties")
	Mono<DashboardViews.CountyDashboardView> counties(@RequestParam(required = false) @Nullable String month,
			Caller caller) {
		return this.dashboards.counties(caller, RequestValues.month(month, this.clock.currentMonth()))
			.map(this.mapper::toView);
	}

	@GetMapping("/city")
	Mono<DashboardViews.CityDashboardView> city(@RequestParam(required = false) @Nullable String month, Caller caller) {
		return this.dashboards.city(caller, RequestValues.month(month, this.clock.currentMonth()))
			.map(this.mapper::toView);
	}

	/**
	 * CITY_ADMIN: recount a month from the raw records, report every difference, repair.
	 */
	@PostMapping("/reconciliations")
	Mono<DashboardViews.ReconciliationView> reconcile(@RequestParam(required = false) @Nullable String month,
			Caller caller) {
		return this.reconciliation.reconcile(caller, RequestValues.month(month, this.clock.currentMonth()))
			.map(this.mapper::toView);
	}

}
