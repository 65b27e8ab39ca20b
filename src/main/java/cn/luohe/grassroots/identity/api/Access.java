package cn.luohe.grassroots.identity.api;

import java.util.Set;

import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgLevel;
import reactor.core.publisher.Mono;

/**
 * Who is calling and what they may touch. Every feature checks its targets through this:
 * FORBIDDEN_ROLE when the caller holds none of the roles, FORBIDDEN_SCOPE when none of
 * those bindings covers the target.
 */
public interface Access {

	/** The caller of the current request, or UNAUTHENTICATED. */
	Mono<Caller> caller();

	/**
	 * Loads the org (NOT_FOUND when unknown) and checks that one of the caller's bindings
	 * with one of {@code roles} covers it.
	 */
	Mono<Org> requireOrg(Caller caller, long orgId, Set<Role> roles);

	/** Checks an org already loaded. */
	void require(Caller caller, Org target, Set<Role> roles);

	/**
	 * Checks that the caller may read an org already loaded, whatever their role: within
	 * one of their subtrees or on the chain above one. FORBIDDEN_ROLE without any
	 * binding.
	 */
	void requireReadable(Caller caller, Org target);

	/**
	 * Loads the org whose records a list covers: FORBIDDEN_ROLE without any binding,
	 * NOT_FOUND when unknown, 422 {@code NOT_A_<LEVEL>} when it is not of the
	 * {@code expected} level, FORBIDDEN_SCOPE when no binding's subtree holds it.
	 */
	Mono<Org> requireListable(Caller caller, long orgId, OrgLevel expected);

}
