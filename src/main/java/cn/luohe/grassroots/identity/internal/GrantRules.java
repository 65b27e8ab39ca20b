package cn.luohe.grassroots.identity.internal;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.identity.api.RoleBinding;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgLevel;

/**
 * Who may hand out (invite) or take back (revoke) a role at an org: a binding whose role
 * may grant it ({@link Role#mayGrant}, never above its own rank) and whose scope covers
 * the org.
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
		return caller.bindings().stream().anyMatch(b -> b.role().mayGrant(role) && reaches(b, role, target));
	}

	/**
	 * A binding's scope, except that a department lies outside every county's subtree: a
	 * COUNTY_SECRETARY reaches the departments of their own city committee (the API
	 * outline lets them invite department staff).
	 */
	private static boolean reaches(RoleBinding binding, Role role, Org target) {
		if (binding.covers(target)) {
			return true;
		}
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
