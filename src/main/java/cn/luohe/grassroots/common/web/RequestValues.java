package cn.luohe.grassroots.common.web;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Collectors;

import cn.luohe.grassroots.common.error.ApiException;
import org.jspecify.annotations.Nullable;

/**
 * Request values every feature reads the same way (months, id cursors, enum constants,
 * photo ids, optional text); anything malformed is a 400 field error.
 */
public final class RequestValues {

	private RequestValues() {
	}

	/** The {@code month} query parameter, {@code fallback} when absent. */
	public static YearMonth month(@Nullable String month, YearMonth fallback) {
		return (month != null) ? month(month, "month") : fallback;
	}

	/** A month as YYYY-MM in the request value named {@code field}. */
	public static YearMonth month(String value, String field) {
		try {
			if (value.length() == 7) {
				return YearMonth.parse(value);
			}
		}
		catch (DateTimeParseException ex) {
			// answered below
		}
		throw ApiException.invalidField(field, "must be a month as YYYY-MM");
	}

	/** The id after which an id-ordered list continues (0 for the first page). */
	public static long idCursor(@Nullable String cursor) {
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
		throw ApiException.invalidField("cursor", "is not a cursor this list gave");
	}

	public static <E extends Enum<E>> E constant(Class<E> type, String value, String field) {
		try {
			return Enum.valueOf(type, value);
		}
		catch (IllegalArgumentException ex) {
			throw ApiException.invalidField(field, "must be one of "
					+ Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", ")));
		}
	}

	public static List<Long> photoIds(@Nullable List<Long> photoIds) {
		if (photoIds == null) {
			return List.of();
		}
		if (new HashSet<>(photoIds).size() != photoIds.size()) {
			throw ApiException.invalidField("photoIds", "must not repeat an id");
		}
		return List.copyOf(photoIds);
	}

	public static @Nullable String trimmed(@Nullable String text) {
		if (text == null) {
			return null;
		}
		String stripped = text.strip();
		return stripped.isEmpty() ? null : stripped;
	}

}
