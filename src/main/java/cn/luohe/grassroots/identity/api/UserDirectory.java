package cn.luohe.grassroots.identity.api;

import java.util.Collection;
import java.util.Set;

import cn.luohe.grassroots.org.api.Org;
import reactor.core.publisher.Flux;

/** What other features may ask about users, never exposing openids or phone numbers. */
public interface UserDirectory {

	/** Users holding one of {@code roles} at an org inside {@code scope} (or at it). */
	Flux<UserSummary> holdersWithin(Org scope, Set<Role> roles);

	Flux<UserSummary> findAll(Collection<Long> userIds);

	/** A user's id and display name. */
	record UserSummary(long id, String displayName) {
	}

}
