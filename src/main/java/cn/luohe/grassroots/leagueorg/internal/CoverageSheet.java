package cn.luohe.grassroots.leagueorg.internal;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

import cn.luohe.grassroots.dashboard.api.ReportSheet;
import cn.luohe.grassroots.leagueorg.api.Coverage;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgDirectory;
import cn.luohe.grassroots.org.api.OrgLevel;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

import org.springframework.stereotype.Component;

/**
 * The monthly report's coverage sheet: the year up to the report's month, one row per
 * indicator of each county in scope (and of the city for a city-wide report), headed by
 * the new social-sector organisations against 附件1's target.
 */
@Component
class CoverageSheet implements ReportSheet {

	private final CoverageService coverage;

	private final OrgDirectory orgs;

	CoverageSheet(CoverageService coverage, OrgDirectory orgs) {
		this.coverage = coverage;
		this.orgs = orgs;
	}

	@Override
	public String name() {
		return "coverage";
	}

	@Override
	public String title() {
		return "组织覆盖";
	}

	@Override
	public List<Object> header() {
		return List.of("组织ID", "单位", "指标", "计量", "分子", "分母", "比率", "目标", "旗帜");
	}

	@Override
	public Flux<List<Object>> rows(Org scope, YearMonth month) {
		if (month.getYear() < CoverageCounts.FIRST_YEAR) {
			return Flux.empty();
		}
		return this.coverage.coverage(month.getYear(), month).flatMapMany(found -> {
			List<Long> ids = found.counties().stream().map(Coverage.Unit::orgId).toList();
			return this.orgs.findAllById(ids).collectMap(Org::id).flatMapMany(byId -> {
				List<List<Object>> rows = new ArrayList<>();
				for (Coverage.Unit unit : found.counties()) {
					Org county = byId.get(unit.orgId());
					if (county != null && scope.contains(county)) {
						rows.addAll(rows(unit.orgId(), county.name(), unit));
					}
				}
				if (scope.level() == OrgLevel.CITY) {
					rows.addAll(rows(scope.id(), scope.name(), found.city()));
				}
				return Flux.fromIterable(rows);
			});
		});
	}

	private static List<List<Object>> rows(@Nullable Long orgId, String name, Coverage.Unit unit) {
		List<List<Object>> rows = new ArrayList<>();
		rows.add(row(orgId, name, "newSocialOrgs", "COUNT", unit.newSocialOrgs(), null, null,
				unit.newSocialOrgsTarget(), unit.flag().name()));
		for (Coverage.Indicator i : unit.indicators()) {
			rows.add(row(orgId, name, i.key().key(), i.key().measure().name(), i.numerator(), i.denominator(), i.rate(),
					i.target(), i.flag().name()));
		}
		return rows;
	}

	private static List<Object> row(@Nullable Long orgId, String name, String key, String measure, long numerator,
			@Nullable Long denominator, @Nullable Double rate, double target, String flag) {
		List<Object> row = new ArrayList<>();
		row.add(orgId);
		row.add(name);
		row.add(key);
		row.add(measure);
		row.add(numerator);
		row.add(denominator);
		row.add(rate);
		row.add(target);
		row.add(flag);
		return row;
	}

}
