package cn.luohe.grassroots.identity.api;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

import cn.luohe.grassroots.org.api.Org;

/** The authenticated user of a request with their active role bindings. */
public record Caller(long userId, String displayName, List<RoleBinding> bindings) {

	public boolean hasAnyRole(Collection<Role> roles) {
		return this.bindings.stream().anyMatch(b -> roles.contains(b.role()));
	}

	/**
	 * The Youth Homes the caller manages (their YOUTH_HOME_MANAGER bindings), once each.
	 */
	public List<Long> managedYouthHomeIds() {
		return this.bindings.stream()
			.filter(b -> b.role() == Role.YOUTH_HOME_MANAGER)
			.map(RoleBinding::youthHomeId)
			.filter(Objects::nonNull)
			.distinct()
			.toList();
	}

	public boolean hasRole(Role role) {
		return this.bindings.stream().anyMatch(b -> b.role() == role);
	}

	/** Bindings with one of {@code roles} whose scope contains {@code target}. */
	public List<RoleBinding> bindingsCovering(Org target, Collection<Role> roles) {
		return this.bindings.stream().filter(b -> roles.contains(b.role()) && b.covers(target)).toList();
	}

	/** Whether any binding (any role) covers {@code target}. */
	public boolean sees(Org target) {
		return this.bindings.stream().anyMatch(b -> b.covers(target));
	}

	/** Whether {@code target} is an ancestor of one of the caller's bound orgs. */
	public boolean isAbove(Org target) {
		return this.bindings.stream().anyMatch(b -> target.contains(b.org()));
	}

}
