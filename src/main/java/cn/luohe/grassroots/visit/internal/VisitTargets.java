package cn.luohe.grassroots.visit.internal;

import java.util.Set;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.identity.api.Access;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgDirectory;
import cn.luohe.grassroots.org.api.OrgLevel;
import cn.luohe.grassroots.org.api.OrgLineage;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The org a visit goes to, checked for the caller: a town or a village, with its town.
 */
@Component
class VisitTargets {

	private final Access access;

	private final OrgDirectory orgs;

	VisitTargets(Access access, OrgDirectory orgs) {
		this.access = access;
		this.orgs = orgs;
	}

	/**
	 * The org of {@code orgId} as a visit's target, checked as {@code Access.requireOrg}
	 * checks (role, then existence, then scope) but read with its town in one statement.
	 */
	Mono<Target> target(Caller caller, long orgId, Set<Role> roles) {
		if (!caller.hasAnyRole(roles)) {
			return Mono.error(ApiException.forbiddenRole());
		}
		return this.orgs.requireLineage(orgId)
			.doOnNext(lineage -> this.access.require(caller, lineage.org(), roles))
			.flatMap(VisitTargets::visitable);
	}

	/** A town or village with its town: the only orgs one visits. */
	private static Mono<Target> visitable(OrgLineage lineage) {
		Org org = lineage.org();
		Org town = lineage.town();
		if ((org.level() != OrgLevel.TOWN && org.level() != OrgLevel.VILLAGE) || town == null) {
			return Mono.error(invalidTarget());
		}
		return Mono.just(new Target(org, town.id()));
	}

	private static ApiException invalidTarget() {
		return ApiException.unprocessable("INVALID_VISIT_TARGET",
				"Visits go to a town or a village; a county or the city is not a visit target");
	}

	/** A visit target: the org and its town (whose month counts are touched). */
	record Target(Org org, long townId) {
	}

}
