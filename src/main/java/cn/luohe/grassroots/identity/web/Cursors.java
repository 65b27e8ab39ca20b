package cn.luohe.grassroots.identity.web;

import cn.luohe.grassroots.common.error.ApiException;
import org.jspecify.annotations.Nullable;

/** Cursors of the identity lists: the last id of the previous page. */
final class Cursors {

	private Cursors() {
	}

	/** The id in {@code cursor}, 0 without one; 400 for anything else. */
	static long id(@Nullable String cursor) {
		if (cursor == null) {
			return 0;
		}
		try {
			long id = Long.parseLong(cursor);
			if (id >= 0) {
				return id;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw ApiException.invalidField("cursor", "is not a cursor of this list");
	}

}
