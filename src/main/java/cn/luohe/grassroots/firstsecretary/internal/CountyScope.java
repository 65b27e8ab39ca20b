package cn.luohe.grassroots.firstsecretary.internal;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.identity.api.Access;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgDirectory;
import cn.luohe.grassroots.org.api.OrgLevel;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * A county-level unit's themes and teams: its administrators keep them; everyone within
 * it reads them, down to the first secretaries of its villages.
 */
@Component
class CountyScope {

	private final Access access;

	private final OrgDirectory orgs;

	CountyScope(Access access, OrgDirectory orgs) {
		this.access = access;
		this.orgs = orgs;
	}

	Mono<Org> administrable(Caller caller, long countyId) {
		return this.access.requireOrg(caller, countyId, Role.ADMINISTRATORS).flatMap(CountyScope::requireCounty);
	}

	Mono<Org> readable(Caller caller, long countyId) {
		if (caller.bindings().isEmpty()) {
			return Mono.error(ApiException.forbiddenRole());
		}
		return this.orgs.require(countyId)
			.flatMap(CountyScope::requireCounty)
			.doOnNext(county -> this.access.requireReadable(caller, county));
	}

	private static Mono<Org> requireCounty(Org org) {
		if (org.level() != OrgLevel.COUNTY) {
			return Mono.error(ApiException.unprocessable("NOT_A_COUNTY",
					org.name() + " is a " + org.level() + ", not a county-level unit"));
		}
		return Mono.just(org);
	}

}
