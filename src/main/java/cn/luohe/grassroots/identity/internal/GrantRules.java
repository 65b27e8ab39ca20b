package cn.luohe.grassroots.identity.internal;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.identity.api.RoleBinding;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgLevel;
import org.jspecify.annotations.Nullable;

/**
 * Who may hand out (invite) or take back (revoke) a role at an org: a binding whose role
 * may grant it ({@link Role#mayGrant}, never above its own rank) and whose scope covers
 * the org; a county secretary's reach into the departments takes back only what they
 * granted.
 */
final class GrantRules {

	private GrantRules() {
	}

	/** FORBIDDEN_ROLE without a binding ranked high enough, FORBIDDEN_SCOPE outside. */
	static void require(Caller caller, Role role, Org target) {
		if (caller.bindings().stream().noneMatch(b -> b.role().mayGrant(role))) {
			throw ApiException.forbiddenRole();
		}
		if (!allows(caller, role, target)) {
			throw ApiException.forbiddenScope();
		}
	}

	static boolean allows(Caller caller, Role role, Org target) {
		return caller.bindings()
			.stream()
			.anyMatch(b -> b.role().mayGrant(role) && (b.covers(target) || reachesDepartment(b, role, target)));
	}

	/**
	 * Whether the caller may take back {@code binding}, granted by the user
	 * {@code grantedBy}: FORBIDDEN_ROLE without a binding ranked high enough,
	 * FORBIDDEN_SCOPE outside. A department lies in no county: a county secretary's reach
	 * into the departments (they invite department staff) counts only for the bindings
	 * they granted themselves, never for those of the city admin or of another county's
	 * secretary.
	 */
	static void requireRevoke(Caller caller, RoleBinding binding, @Nullable Long grantedBy) {
		Role role = binding.role();
		Org target = binding.org();
		if (caller.bindings().stream().noneMatch(b -> b.role().mayGrant(role))) {
			throw ApiException.forbiddenRole();
		}
		boolean ownGrant = grantedBy != null && grantedBy == caller.userId();
		if (caller.bindings()
			.stream()
			.noneMatch(b -> b.role().mayGrant(role)
					&& (b.covers(target) || (ownGrant && reachesDepartment(b, role, target))))) {
			throw ApiException.forbiddenScope();
		}
	}

	/**
	 * The exception to a binding's scope: a department lies outside every county's
	 * subtree, yet a COUNTY_SECRETARY reaches the departments of their own city committee
	 * for DEPARTMENT_STAFF (the API outline lets them invite department staff).
	 */
	private static boolean reachesDepartment(RoleBinding binding, Role role, Org target) {
		return role == Role.DEPARTMENT_STAFF && binding.role() == Role.COUNTY_SECRETARY
				&& target.level() == OrgLevel.DEPARTMENT && binding.org().path().startsWith(parentPath(target));
	}

	private static String parentPath(Org org) {
		String path = org.path();
		return path.substring(0, path.lastIndexOf('/', path.length() - 2) + 1);
	}

	/** 422 when the role cannot be bound at the org's level. */
	static void requireLevel(Role role, Org org) {
		if (!role.boundTo().contains(org.level())) {
			throw ApiException.unprocessable("ROLE_LEVEL_MISMATCH",
					role + " is bound to an org of level " + role.boundTo() + ", not " + org.level());
		}
	}

}
