package cn.luohe.grassroots.common.db;

import org.jspecify.annotations.Nullable;

import org.springframework.r2dbc.core.Parameter;

/** Small helpers for explicit SQL through {@code DatabaseClient}. */
public final class Params {

	private Params() {
	}

	/** A bind value that may be null (DatabaseClient needs the type of a null). */
	public static <T> Parameter nullable(@Nullable T value, Class<T> type) {
		return Parameter.fromOrEmpty(value, type);
	}

	/**
	 * A LIKE pattern matching every string that starts with {@code prefix}, taken
	 * literally.
	 */
	public static String likePrefix(String prefix) {
		return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
	}

	/** A NOT NULL column's value. */
	public static <T> T required(@Nullable T value) {
		if (value == null) {
			throw new IllegalStateException("NOT NULL column returned null");
		}
		return value;
	}

}
