package cn.luohe.grassroots.identity.api;

import cn.luohe.grassroots.org.api.Org;
import org.jspecify.annotations.Nullable;

/** A role a user holds at an org; its scope is the org's subtree. */
public record RoleBinding(long id, Role role, Org org, @Nullable Long youthHomeId) {

	public boolean covers(Org target) {
		return this.org.contains(target);
	}

}
