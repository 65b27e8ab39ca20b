package cn.luohe.grassroots.youthhome.internal;

import java.util.EnumSet;
import java.util.Set;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.identity.api.Access;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgDirectory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Who may do what with a home: its town's scope reads it; the managers bound to this very
 * home and the administrators covering its town keep its records; only administrators
 * edit the registry entry.
 */
@Component
class HomeAccess {

	private static final Set<Role> KEEPERS = EnumSet.of(Role.YOUTH_HOME_MANAGER, Role.CITY_ADMIN,
			Role.COUNTY_SECRETARY);

	private final YouthHomeRepository homes;

	private final OrgDirectory orgs;

	private final Access access;

	HomeAccess(YouthHomeRepository homes, OrgDirectory orgs, Access access) {
		this.homes = homes;
		this.orgs = orgs;
		this.access = access;
	}

	Mono<HomeContext> readable(Caller caller, long homeId) {
		if (caller.bindings().isEmpty()) {
			return Mono.error(ApiException.forbiddenRole());
		}
		return load(homeId).doOnNext(context -> {
			if (!caller.sees(context.town())) {
				throw ApiException.forbiddenScope();
			}
		});
	}

	Mono<HomeContext> keepable(Caller caller, long homeId) {
		if (!caller.hasAnyRole(KEEPERS)) {
			return Mono.error(ApiException.forbiddenRole());
		}
		return load(homeId).doOnNext(context -> {
			if (!manages(caller, homeId) && caller.bindingsCovering(context.town(), Role.ADMINISTRATORS).isEmpty()) {
				throw ApiException.forbiddenScope();
			}
		});
	}

	Mono<HomeContext> administrable(Caller caller, long homeId) {
		if (!caller.hasAnyRole(Role.ADMINISTRATORS)) {
			return Mono.error(ApiException.forbiddenRole());
		}
		return load(homeId).doOnNext(context -> this.access.require(caller, context.town(), Role.ADMINISTRATORS));
	}

	static boolean manages(Caller caller, long homeId) {
		return caller.bindings()
			.stream()
			.anyMatch(b -> b.role() == Role.YOUTH_HOME_MANAGER && b.youthHomeId() != null && b.youthHomeId() == homeId);
	}

	private Mono<HomeContext> load(long homeId) {
		return this.homes.findById(homeId)
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Youth Home " + homeId)))
			.flatMap(home -> this.orgs.require(home.townId()).map(town -> new HomeContext(home, town)));
	}

	/** A home with its town. */
	record HomeContext(YouthHome home, Org town) {
	}

}
