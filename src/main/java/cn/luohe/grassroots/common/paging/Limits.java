package cn.luohe.grassroots.common.paging;

import cn.luohe.grassroots.common.error.ApiException;
import org.jspecify.annotations.Nullable;

/** The {@code limit} query parameter: default 50, at most 200. */
public final class Limits {

	public static final int DEFAULT = 50;

	public static final int MAX = 200;

	private Limits() {
	}

	public static int of(@Nullable Integer limit) {
		if (limit == null) {
			return DEFAULT;
		}
		if (limit < 1 || limit > MAX) {
			throw ApiException.invalidField("limit", "must be between 1 and " + MAX);
		}
		return limit;
	}

}
