package cn.luohe.grassroots.identity.api;

import reactor.core.publisher.Mono;

/**
 * The Youth Homes a YOUTH_HOME_MANAGER can be bound to, as identity needs them for
 * invitations. Identity asks; the youth home feature answers.
 */
public interface BindableHomes {

	/** The home, or an empty Mono. */
	Mono<BindableHome> find(long youthHomeId);

	/** A home with the town it lies in, and whether it is still listed. */
	record BindableHome(long id, long townId, boolean active) {
	}

}
