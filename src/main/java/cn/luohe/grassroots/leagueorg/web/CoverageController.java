package cn.luohe.grassroots.leagueorg.web;

import java.time.YearMonth;
import java.util.List;
import java.util.Objects;

import cn.luohe.grassroots.common.web.RequestValues;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.leagueorg.api.Coverage;
import cn.luohe.grassroots.leagueorg.internal.CoverageReader;
import cn.luohe.grassroots.leagueorg.internal.CoverageReconciliation;
import cn.luohe.grassroots.leagueorg.internal.TargetService;
import cn.luohe.grassroots.leagueorg.web.LeagueOrgViews.CityCoverageView;
import cn.luohe.grassroots.leagueorg.web.LeagueOrgViews.CountyCoverageView;
import cn.luohe.grassroots.leagueorg.web.LeagueOrgViews.CoverageView;
import cn.luohe.grassroots.leagueorg.web.LeagueOrgViews.DifferenceView;
import cn.luohe.grassroots.leagueorg.web.LeagueOrgViews.IndicatorView;
import cn.luohe.grassroots.leagueorg.web.LeagueOrgViews.ReconciliationView;
import cn.luohe.grassroots.leagueorg.web.LeagueOrgViews.SetTargetsRequest;
import cn.luohe.grassroots.leagueorg.web.LeagueOrgViews.TargetsView;
import cn.luohe.grassroots.org.api.Org;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/org-building")
class CoverageController {

	private final CoverageReader reader;

	private final TargetService targets;

	private final CoverageReconciliation reconciliation;

	CoverageController(CoverageReader reader, TargetService targets, CoverageReconciliation reconciliation) {
		this.reader = reader;
		this.targets = targets;
		this.reconciliation = reconciliation;
	}

	@GetMapping("/coverage")
	Mono<CoverageView> coverage(@RequestParam int year, @RequestParam(required = false) @Nullable Long countyId,
			@RequestParam(required = false) @Nullable String month, Caller caller) {
		YearMonth upTo = (month != null) ? RequestValues.month(month, "month") : null;
		return this.reader.read(caller, year, countyId, upTo)
			.map(answer -> new CoverageView(answer.coverage().year(), answer.coverage().asOf().toString(),
					answer.coverage().elapsed(), answer.counties().stream().map(unit -> {
						// a county's unit always names its org (only the city's has none)
						long orgId = Objects.requireNonNull(unit.orgId());
						Org org = answer.orgs().get(orgId);
						return new CountyCoverageView(orgId, (org != null) ? org.name() : "", unit.newSocialOrgs(),
								unit.newSocialOrgsTarget(), unit.flag().name(), indicators(unit));
					}).toList(), (answer.city() != null) ? city(answer.city()) : null));
	}

	@GetMapping("/targets")
	Mono<TargetsView> targets(@RequestParam int year, @RequestParam(required = false) @Nullable Long countyId,
			Caller caller) {
		return this.targets.read(caller, year, countyId).map(values -> new TargetsView(year, countyId, values));
	}

	@PutMapping("/targets")
	Mono<TargetsView> setTargets(@Valid @RequestBody SetTargetsRequest request, Caller caller) {
		if (request.year() < 2000 || request.year() > 2100) {
			return Mono.error(cn.luohe.grassroots.common.error.ApiException.invalidField("year",
					"must be a year from 2000 to 2100"));
		}
		return this.targets.set(caller, request.year(), request.countyId(), request.targets())
			.map(values -> new TargetsView(request.year(), request.countyId(), values));
	}

	@PostMapping("/reconciliations")
	Mono<ReconciliationView> reconcile(Caller caller) {
		return this.reconciliation.reconcile(caller)
			.map(result -> new ReconciliationView(result.checked(),
					result.differences()
						.stream()
						.map(d -> new DifferenceView(d.countyId(), YearMonth.from(d.month()).toString(), d.figure(),
								d.maintained(), d.recounted()))
						.toList()));
	}

	private static CityCoverageView city(Coverage.Unit unit) {
		return new CityCoverageView(unit.newSocialOrgs(), unit.newSocialOrgsTarget(), unit.flag().name(),
				indicators(unit));
	}

	private static List<IndicatorView> indicators(Coverage.Unit unit) {
		return unit.indicators()
			.stream()
			.map(i -> new IndicatorView(i.key().key(), i.key().measure().name(), i.numerator(), i.denominator(),
					i.rate(), i.target(), i.flag().name()))
			.toList();
	}

}
