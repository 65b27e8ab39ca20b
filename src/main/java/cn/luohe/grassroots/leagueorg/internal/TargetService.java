package cn.luohe.grassroots.leagueorg.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.error.ApiException.FieldProblem;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.identity.api.Access;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.leagueorg.api.CoverageIndicator;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgDirectory;
import cn.luohe.grassroots.org.api.OrgLevel;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Yearly targets: city admins set a county's own (or, without a county, the defaults
 * every county inherits; with the city, the city's own totals); everyone who reads
 * coverage reads the targets in force.
 */
@Service
public class TargetService {

	/** Every key a target may be set for. */
	public static final Set<String> KEYS = keys();

	/**
	 * Above any county's plausible count (附件1's largest is 403), and within the
	 * contract's int32 figures.
	 */
	static final BigDecimal MAX_TARGET = BigDecimal.valueOf(100_000);

	private final TargetRepository targets;

	private final LeagueOrgRepository repository;

	private final OrgDirectory orgs;

	private final Access access;

	private final BusinessClock clock;

	TargetService(TargetRepository targets, LeagueOrgRepository repository, OrgDirectory orgs, Access access,
			BusinessClock clock) {
		this.targets = targets;
		this.repository = repository;
		this.orgs = orgs;
		this.access = access;
		this.clock = clock;
	}

	@Transactional
	public Mono<Map<String, Double>> set(Caller caller, int year, @Nullable Long countyId,
			Map<String, BigDecimal> values) {
		if (!caller.hasRole(Role.CITY_ADMIN)) {
			return Mono.error(ApiException.forbiddenRole());
		}
		java.util.List<FieldProblem> problems = new java.util.ArrayList<>();
		values.forEach((key, value) -> {
			if (!KEYS.contains(key)) {
				problems.add(new FieldProblem("targets." + key, "is no target; one of " + KEYS));
			}
			else if (value.signum() < 0) {
				problems.add(new FieldProblem("targets." + key, "must not be negative"));
			}
			else if (isRate(key) && value.compareTo(BigDecimal.ONE) > 0) {
				problems.add(new FieldProblem("targets." + key, "is a rate: from 0 to 1"));
			}
			else if (value.compareTo(MAX_TARGET) > 0) {
				problems.add(new FieldProblem("targets." + key, "must be between 0 and " + MAX_TARGET));
			}
			else if (isCount(key) && value.stripTrailingZeros().scale() > 0) {
				// a count of organisations is whole: 12.7 was stored and shown as 13
				problems.add(new FieldProblem("targets." + key, "must be a non-negative integer"));
			}
		});
		if (values.isEmpty()) {
			problems.add(new FieldProblem("targets", "must name at least one target"));
		}
		if (!problems.isEmpty()) {
			return Mono.error(ApiException.validation(problems));
		}
		return unit(caller, countyId).flatMap(optional -> {
			Org unit = optional.orElse(null);
			Instant now = this.clock.now();
			String code = (unit != null) ? unit.code() : Targets.DEFAULT;
			return this.targets.set(year, code, values, caller.userId(), now)
				.then(this.repository.audit("TARGETS_SET", caller.userId(), null,
						(unit != null) ? unit.id() : cityId(caller), year + " " + code + " " + values, now))
				.then(read(caller, year, countyId));
		});
	}

	/** The targets in force for a county (or the defaults / the city's own). */
	public Mono<Map<String, Double>> read(Caller caller, int year, @Nullable Long countyId) {
		if (!caller.hasAnyRole(LeagueScope.READERS) && !caller.hasRole(Role.DEPARTMENT_STAFF)) {
			return Mono.error(ApiException.forbiddenRole());
		}
		return unit(caller, countyId).flatMap(optional -> this.targets.upTo(year).map(found -> {
			Org unit = optional.orElse(null);
			Map<String, Double> result = new LinkedHashMap<>();
			for (String key : KEYS) {
				if (unit == null) {
					result.put(key, found.of(Targets.DEFAULT, key));
				}
				else if (unit.level() == OrgLevel.CITY) {
					Double own = found.own(unit.code(), key);
					if (own != null) {
						result.put(key, own);
					}
				}
				else {
					result.put(key, found.of(unit.code(), key));
				}
			}
			return result;
		}));
	}

	private Mono<Optional<Org>> unit(Caller caller, @Nullable Long countyId) {
		if (countyId == null) {
			return Mono.just(Optional.empty());
		}
		return this.orgs.findById(countyId)
			.switchIfEmpty(Mono.error(() -> ApiException.invalidField("countyId", "no org has this id")))
			.flatMap(org -> {
				if (org.level() != OrgLevel.COUNTY && org.level() != OrgLevel.CITY) {
					return Mono.error(ApiException.invalidField("countyId", "must be a county-level unit or the city"));
				}
				if (!caller.hasRole(Role.DEPARTMENT_STAFF) || caller.hasAnyRole(LeagueScope.READERS)) {
					this.access.require(caller, org, LeagueScope.READERS);
				}
				return Mono.just(Optional.of(org));
			});
	}

	private static long cityId(Caller caller) {
		return caller.bindings()
			.stream()
			.filter(b -> b.role() == Role.CITY_ADMIN)
			.findFirst()
			.map(b -> b.org().id())
			.orElseThrow();
	}

	/** Whether a target counts organisations (or youth homes): a whole number. */
	private static boolean isCount(String key) {
		if (key.equals(Targets.NEW_SOCIAL_ORGS) || key.equals(Targets.SOCIAL_BASELINE)) {
			return true;
		}
		for (CoverageIndicator indicator : CoverageIndicator.values()) {
			if (indicator.key().equals(key)) {
				return indicator.measure() == CoverageIndicator.Measure.COUNT;
			}
		}
		return false;
	}

	private static boolean isRate(String key) {
		for (CoverageIndicator indicator : CoverageIndicator.values()) {
			if (indicator.key().equals(key)) {
				return indicator.measure() == CoverageIndicator.Measure.RATE
						&& indicator != CoverageIndicator.ORGANIZATIONS_PER_HOME;
			}
		}
		return false;
	}

	private static Set<String> keys() {
		Set<String> keys = new TreeSet<>();
		for (CoverageIndicator indicator : CoverageIndicator.values()) {
			keys.add(indicator.key());
		}
		keys.add(Targets.NEW_SOCIAL_ORGS);
		keys.add(Targets.SOCIAL_BASELINE);
		return keys;
	}

}
