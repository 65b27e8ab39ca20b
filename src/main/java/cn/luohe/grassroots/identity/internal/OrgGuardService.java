package cn.luohe.grassroots.identity.internal;

import java.util.EnumSet;
import java.util.Set;

import cn.luohe.grassroots.identity.api.Access;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgGuard;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/** Answers the org tree's access questions from the caller's role bindings. */
@Component
class OrgGuardService implements OrgGuard {

	private static final Set<Role> ANY_ROLE = EnumSet.allOf(Role.class);

	private final Access access;

	OrgGuardService(Access access) {
		this.access = access;
	}

	@Override
	public Mono<Reader> reader() {
		return this.access.caller().map(CallerReader::new);
	}

	@Override
	public Mono<Org> requireCityAdmin(long orgId) {
		return this.access.caller().flatMap(caller -> this.access.requireOrg(caller, orgId, Set.of(Role.CITY_ADMIN)));
	}

	private final class CallerReader implements Reader {

		private final Caller caller;

		CallerReader(Caller caller) {
			this.caller = caller;
		}

		@Override
		public void requireReadable(Org org) {
			OrgGuardService.this.access.requireReadable(this.caller, org);
		}

		@Override
		public void requireWithin(Org org) {
			OrgGuardService.this.access.require(this.caller, org, ANY_ROLE);
		}

	}

}
