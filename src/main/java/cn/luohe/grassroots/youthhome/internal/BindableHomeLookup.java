package cn.luohe.grassroots.youthhome.internal;

import cn.luohe.grassroots.identity.api.BindableHomes;
import cn.luohe.grassroots.youthhome.api.YouthHomeDirectory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/** Answers identity's invitations: which home a manager is invited to, and where. */
@Component
class BindableHomeLookup implements BindableHomes {

	private final YouthHomeDirectory homes;

	BindableHomeLookup(YouthHomeDirectory homes) {
		this.homes = homes;
	}

	@Override
	public Mono<BindableHome> find(long youthHomeId) {
		return this.homes.find(youthHomeId).map(home -> new BindableHome(home.id(), home.townId(), home.active()));
	}

}
