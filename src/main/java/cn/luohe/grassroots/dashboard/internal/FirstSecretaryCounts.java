package cn.luohe.grassroots.dashboard.internal;

import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.dashboard.api.CountInvalidation;
import cn.luohe.grassroots.identity.api.BindingChangeListener;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.org.api.OrgDirectory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * A first secretary granted or revoked changes the dashboard's "villages with a first
 * secretary" of the village's town: its current month is marked for recount in the same
 * transaction. (Cadre figures are read from the bindings themselves.)
 */
@Component
class FirstSecretaryCounts implements BindingChangeListener {

	private final OrgDirectory orgs;

	private final CountInvalidation counts;

	private final BusinessClock clock;

	FirstSecretaryCounts(OrgDirectory orgs, CountInvalidation counts, BusinessClock clock) {
		this.orgs = orgs;
		this.counts = counts;
		this.clock = clock;
	}

	@Override
	public Mono<Void> changed(Role role, long orgId) {
		if (role != Role.FIRST_SECRETARY) {
			return Mono.empty();
		}
		return this.orgs.findById(orgId)
			.flatMap(village -> (village.parentId() != null)
					? this.counts.touch(village.parentId(), this.clock.currentMonth()) : Mono.empty());
	}

}
