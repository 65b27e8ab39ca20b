package cn.luohe.grassroots.forms.internal;

import java.util.EnumSet;
import java.util.Set;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.identity.api.Access;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgDirectory;
import cn.luohe.grassroots.org.api.OrgLevel;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The units that fill the forms (every county-level unit and every department of the city
 * committee) and who may touch them: overseers and department staff read the forms of the
 * units their bindings cover, CITY_ADMIN, COUNTY_SECRETARY and DEPARTMENT_STAFF fill and
 * submit them. A department reads and fills only the forms of its domains.
 */
@Component
class FilerUnits {

	static final String CITY_CODE = "4111";

	static final Set<Role> READERS = EnumSet.of(Role.CITY_ADMIN, Role.CITY_LEADER, Role.COUNTY_SECRETARY,
			Role.DEPARTMENT_STAFF);

	static final Set<Role> FILLERS = EnumSet.of(Role.CITY_ADMIN, Role.COUNTY_SECRETARY, Role.DEPARTMENT_STAFF);

	private final Access access;

	private final OrgDirectory orgs;

	private final FormRecords records;

	FilerUnits(Access access, OrgDirectory orgs, FormRecords records) {
		this.access = access;
		this.orgs = orgs;
		this.records = records;
	}

	/**
	 * The filler unit {@code unitId} if one of the caller's bindings with a role covers
	 * it.
	 */
	Mono<Org> require(Caller caller, long unitId, Set<Role> roles) {
		return this.access.requireOrg(caller, unitId, roles)
			.flatMap(unit -> isFiller(unit) ? Mono.just(unit)
					: Mono.error(ApiException.invalidField("unitId", "must be a county-level unit or a department")));
	}

	/**
	 * As {@link #require}, and the unit fills {@code kind} (a department: its domains).
	 */
	Mono<Org> requireForm(Caller caller, long unitId, FormKind kind, Set<Role> roles) {
		return require(caller, unitId, roles).flatMap(unit -> this.records.kindsFilledBy(unit)
			.flatMap(kinds -> kinds.contains(kind) ? Mono.just(unit) : Mono.error(ApiException.forbiddenScope())));
	}

	/** The city, if one of the caller's bindings with a role covers it. */
	Mono<Org> requireCity(Caller caller, Set<Role> roles) {
		return city().switchIfEmpty(Mono.error(() -> ApiException.notFound("City")))
			.doOnNext(city -> this.access.require(caller, city, roles));
	}

	/** The city. */
	Mono<Org> city() {
		return this.orgs.findByCode(CITY_CODE);
	}

	/**
	 * Every filler unit: the county-level units by code, then the departments by code.
	 */
	Flux<Org> all() {
		return city().flatMapMany(city -> Flux.concat(this.orgs.subtree(city, OrgLevel.COUNTY),
				this.orgs.subtree(city, OrgLevel.DEPARTMENT)));
	}

	/** Every filler unit one of the caller's bindings with a role covers. */
	Flux<Org> visibleTo(Caller caller, Set<Role> roles) {
		return all().filter(unit -> !caller.bindingsCovering(unit, roles).isEmpty());
	}

	static boolean isFiller(Org org) {
		return org.level() == OrgLevel.COUNTY || org.level() == OrgLevel.DEPARTMENT;
	}

}
