package cn.luohe.grassroots.org.api;

import org.jspecify.annotations.Nullable;

/**
 * One org of the tree. {@code path} is the materialized path of codes from the city down
 * to this org ({@code /4111/411121/411121100/}); one org contains another when the
 * other's path starts with its own.
 */
public record Org(long id, String code, String name, OrgLevel level, @Nullable Long parentId, String path) {

	/** Whether {@code other} is this org or lies below it. */
	public boolean contains(Org other) {
		return other.path.startsWith(this.path);
	}

	/**
	 * Code of the ancestor at {@code level} (this org's own code at its own level), or
	 * null.
	 */
	public @Nullable String ancestorCode(OrgLevel level) {
		String[] codes = this.path.substring(1).split("/");
		int index = level.depth();
		return (index < codes.length) ? codes[index] : null;
	}

}
