package cn.luohe.grassroots.identity.internal;

import java.util.List;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.identity.api.Access;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.identity.api.RoleBinding;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/** Admins and secretaries looking after the people of their scope. */
@Service
public class UserAdminService {

	private final UserRepository users;

	private final Access access;

	private final AuditLog audit;

	private final BusinessClock clock;

	private final TransactionalOperator tx;

	private final BindingChanges bindingChanges;

	UserAdminService(UserRepository users, Access access, AuditLog audit, BusinessClock clock, TransactionalOperator tx,
			BindingChanges bindingChanges) {
		this.bindingChanges = bindingChanges;
		this.users = users;
		this.access = access;
		this.audit = audit;
		this.clock = clock;
		this.tx = tx;
	}

	/**
	 * Users with a binding in the subtree of {@code orgId}, after user
	 * {@code afterUserId} (fetch one more than a page to learn whether another follows).
	 * Phones are masked.
	 */
	public Flux<ListedUser> usersWithin(Caller caller, long orgId, long afterUserId, int limit) {
		return this.access.requireOrg(caller, orgId, Role.OVERSEERS)
			.flatMapMany(org -> this.users.usersWithin(org.path(), afterUserId, limit))
			.map(row -> new ListedUser(row.user().id(), row.user().displayName(), Phones.mask(row.user().phone()),
					row.bindings()));
	}

	/**
	 * Revokes a binding the caller could have granted: inside their scope and not ranked
	 * above them; department staff granted by a county secretary's reach into the
	 * departments only by that secretary (GrantRules.requireRevoke).
	 */
	public Mono<Void> revoke(Caller caller, long userId, long bindingId) {
		if (!caller.hasAnyRole(InvitationService.INVITERS)) {
			return Mono.error(ApiException.forbiddenRole());
		}
		return this.users.findActiveBinding(userId, bindingId)
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Role binding " + bindingId + " of user " + userId)))
			.flatMap(granted -> {
				RoleBinding binding = granted.binding();
				GrantRules.requireRevoke(caller, binding, granted.grantedBy());
				return this.users.revoke(bindingId, caller.userId(), this.clock.now())
					.flatMap(count -> (count == 1) ? Mono.<Void>empty()
							: Mono.error(ApiException.notFound("Role binding " + bindingId + " of user " + userId)))
					.then(this.bindingChanges.changed(binding.role(), binding.org().id()))
					.then(this.audit.record("BINDING_REVOKED", caller.userId(), userId, binding.org().id(),
							"binding=" + bindingId + " role=" + binding.role()));
			})
			.as(this.tx::transactional);
	}

	/** A user as admins see them. */
	public record ListedUser(long id, String displayName, @Nullable String phone, List<RoleBinding> bindings) {

		@Override
		public String toString() {
			return "ListedUser[id=" + this.id + "]";
		}

	}

}
