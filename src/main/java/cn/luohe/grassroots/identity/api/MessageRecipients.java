package cn.luohe.grassroots.identity.api;

import java.util.Set;

import cn.luohe.grassroots.org.api.Org;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Whom a message reaches: the holders of roles with the org each is bound to, and a
 * user's openid, which only the delivery of a WeChat message may ask for.
 */
public interface MessageRecipients {

	/**
	 * Active bindings of one of {@code roles} at an org inside {@code scope} (or at it),
	 * one row per binding; one statement.
	 */
	Flux<Holder> holdersWithin(Org scope, Set<Role> roles);

	/** The user's openid, or an empty Mono for an unknown user. */
	Mono<String> openid(long userId);

	/** A user holding {@code role} at {@code orgId} (a Youth Home's manager: its id). */
	record Holder(long userId, String displayName, Role role, long orgId, String orgPath, @Nullable Long youthHomeId) {
	}

}
