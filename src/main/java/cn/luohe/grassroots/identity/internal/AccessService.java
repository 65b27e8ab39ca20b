package cn.luohe.grassroots.identity.internal;

import java.util.Collection;
import java.util.Set;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.identity.api.Access;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.identity.api.UserDirectory;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgDirectory;
import cn.luohe.grassroots.org.api.OrgLevel;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Service;

/**
 * Resolves the caller from the verified access token and checks targets against their
 * bindings. Bindings come from {@link CallerCache}, which forgets a user's on every
 * instance once a change to them commits, so a revocation takes effect at once.
 */
@Service
class AccessService implements Access, UserDirectory {

	private final UserRepository users;

	private final OrgDirectory orgs;

	private final CallerCache callers;

	AccessService(UserRepository users, OrgDirectory orgs, CallerCache callers) {
		this.users = users;
		this.orgs = orgs;
		this.callers = callers;
	}

	@Override
	public Mono<Caller> caller() {
		return ReactiveSecurityContextHolder.getContext()
			.map(SecurityContext::getAuthentication)
			.filter(Authentication::isAuthenticated)
			.switchIfEmpty(Mono.error(() -> ApiException.unauthenticated("A valid access token is required")))
			.flatMap(authentication -> load(Long.parseLong(authentication.getName()))
				.map(caller -> boundToSession(caller, authentication)));
	}

	/**
	 * A browser signed in by scan acts with the bindings the user confirmed it with,
	 * while they stay active; a binding granted later does not reach an open browser
	 * session.
	 */
	private static Caller boundToSession(Caller caller, Authentication authentication) {
		if (!(authentication instanceof JwtAuthenticationToken token)) {
			return caller;
		}
		BrowserSession session = BrowserSession.of(token.getToken());
		if (session == null) {
			return caller;
		}
		return new Caller(caller.userId(), caller.displayName(),
				caller.bindings().stream().filter(b -> session.bindingIds().contains(b.id())).toList());
	}

	Mono<Caller> load(long userId) {
		return this.callers.get(userId, () -> read(userId))
			.switchIfEmpty(Mono.error(() -> ApiException.unauthenticated("The token's user no longer exists")));
	}

	/**
	 * The user's bindings as the database holds them now, in the current transaction: for
	 * decisions that write (an inviter's right to grant), never from memory.
	 */
	Mono<Caller> loadFresh(long userId) {
		return read(userId)
			.switchIfEmpty(Mono.error(() -> ApiException.unauthenticated("The token's user no longer exists")));
	}

	private Mono<Caller> read(long userId) {
		return this.users.findWithActiveBindings(userId)
			.map(found -> new Caller(userId, found.user().displayName(), found.bindings()));
	}

	@Override
	public Mono<Org> requireOrg(Caller caller, long orgId, Set<Role> roles) {
		if (!caller.hasAnyRole(roles)) {
			return Mono.error(ApiException.forbiddenRole());
		}
		return this.orgs.require(orgId).doOnNext(org -> require(caller, org, roles));
	}

	@Override
	public void require(Caller caller, Org target, Set<Role> roles) {
		if (!caller.hasAnyRole(roles)) {
			throw ApiException.forbiddenRole();
		}
		if (caller.bindingsCovering(target, roles).isEmpty()) {
			throw ApiException.forbiddenScope();
		}
	}

	@Override
	public void requireReadable(Caller caller, Org target) {
		if (caller.bindings().isEmpty()) {
			throw ApiException.forbiddenRole();
		}
		if (!caller.sees(target) && !caller.isAbove(target)) {
			throw ApiException.forbiddenScope();
		}
	}

	@Override
	public Mono<Org> requireListable(Caller caller, long orgId, OrgLevel expected) {
		if (caller.bindings().isEmpty()) {
			return Mono.error(ApiException.forbiddenRole());
		}
		return this.orgs.require(orgId).doOnNext(org -> {
			if (org.level() != expected) {
				throw ApiException.unprocessable("NOT_A_" + expected.name(),
						org.name() + " is a " + org.level() + ", not a " + expected);
			}
			if (!caller.sees(org)) {
				throw ApiException.forbiddenScope();
			}
		});
	}

	@Override
	public Flux<UserSummary> holdersWithin(Org scope, Set<Role> roles) {
		return this.users.holdersWithin(scope.path(), roles).map(u -> new UserSummary(u.id(), u.displayName()));
	}

	@Override
	public Flux<UserSummary> findAll(Collection<Long> userIds) {
		if (userIds.isEmpty()) {
			return Flux.empty();
		}
		return this.users.findAllById(userIds).map(u -> new UserSummary(u.id(), u.displayName()));
	}

}
