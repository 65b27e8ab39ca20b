package cn.luohe.grassroots.visit.internal;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.identity.api.Access;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.org.api.OrgDirectory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Who may read which visits and needs: visitors their own, overseers their subtrees.
 * Shared by the visit and need reads.
 */
@Component
class VisitScope {

	/**
	 * Who may list visits and needs at all: visitors see their own, overseers their
	 * subtree.
	 */
	static final Set<Role> READERS = union(Role.VISITORS, Role.OVERSEERS);

	private final Access access;

	private final OrgDirectory orgs;

	VisitScope(Access access, OrgDirectory orgs) {
		this.access = access;
		this.orgs = orgs;
	}

	/**
	 * The one read rule of a visit, for the visit and its photos alike: its visitor, or
	 * an overseer whose subtree holds its org; a voided visit only an administrator
	 * covering it.
	 */
	boolean mayRead(Caller caller, VisitRow visit) {
		if (visit.voidedAt() != null) {
			return !caller.bindingsCovering(visit.org(), Role.ADMINISTRATORS).isEmpty();
		}
		return visit.userId() == caller.userId() || !caller.bindingsCovering(visit.org(), Role.OVERSEERS).isEmpty();
	}

	/**
	 * The visitor or an overseer covering the visit; a voided visit only an administrator
	 * covering it (404 for everyone else).
	 */
	void requireReadable(Caller caller, VisitRow visit) {
		requireReadable(caller, visit, false);
	}

	/**
	 * As {@link #requireReadable(Caller, VisitRow)}; a voided visit also its visitor,
	 * voiding.
	 */
	void requireReadable(Caller caller, VisitRow visit, boolean voiding) {
		if (visit.voidedAt() != null && caller.bindingsCovering(visit.org(), Role.ADMINISTRATORS).isEmpty()
				&& !(voiding && visit.userId() == caller.userId())) {
			throw ApiException.notFound("Visit " + visit.id());
		}
		if (visit.userId() != caller.userId()) {
			// answers FORBIDDEN_ROLE or FORBIDDEN_SCOPE as the case is
			this.access.require(caller, visit.org(), Role.OVERSEERS);
		}
	}

	/**
	 * The LIKE prefix of {@code orgId}'s subtree, checked to lie in the caller's scope.
	 */
	Mono<Optional<String>> orgPrefix(Caller caller, @Nullable Long orgId) {
		if (orgId == null) {
			return Mono.just(Optional.empty());
		}
		return this.orgs.require(orgId).map(org -> {
			if (caller.bindingsCovering(org, READERS).isEmpty()) {
				throw ApiException.forbiddenScope();
			}
			return Optional.of(Params.likePrefix(org.path()));
		});
	}

	static List<String> overseenPrefixes(Caller caller) {
		return prefixes(caller, Role.OVERSEERS);
	}

	/** Where the caller administers: they see voided visits there. */
	static List<String> administeredPrefixes(Caller caller) {
		return prefixes(caller, Role.ADMINISTRATORS);
	}

	private static List<String> prefixes(Caller caller, Set<Role> roles) {
		return caller.bindings()
			.stream()
			.filter(binding -> roles.contains(binding.role()))
			.map(binding -> Params.likePrefix(binding.org().path()))
			.distinct()
			.toList();
	}

	private static Set<Role> union(Set<Role> a, Set<Role> b) {
		Set<Role> all = EnumSet.noneOf(Role.class);
		all.addAll(a);
		all.addAll(b);
		return Set.copyOf(all);
	}

}
