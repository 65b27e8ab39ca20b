package cn.luohe.grassroots.common.paging;

import cn.luohe.grassroots.common.error.ApiException;
import org.jspecify.annotations.Nullable;

/**
 * The id positions of lists ordered by id, and ids the client resumes from (a feed's
 * {@code Last-Event-ID}); lists ordered by a time use {@link InstantCursor}. A value that
 * is absent or blank is no position; anything but a non-negative integer is a 400 field
 * error.
 */
public final class Cursors {

	private Cursors() {
	}

	/** The id after which an ascending id-ordered list continues (0: the first page). */
	public static long afterId(@Nullable String cursor) {
		Long id = id(cursor, "cursor");
		return (id != null) ? id : 0;
	}

	/** The id in the request value named {@code field}, null when it is absent. */
	public static @Nullable Long id(@Nullable String value, String field) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			long id = Long.parseLong(value.strip());
			if (id >= 0) {
				return id;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw ApiException.invalidField(field,
				"cursor".equals(field) ? NOT_GIVEN_HERE : "must be a non-negative integer");
	}

	static final String NOT_GIVEN_HERE = "is not a cursor this list gave";

}
