package cn.luohe.grassroots.common.web;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Collectors;

import cn.luohe.grassroots.common.error.ApiException;
import org.jspecify.annotations.Nullable;

/**
 * Request values every feature reads the same way (months, enum constants, photo ids,
 * optional text); anything malformed is a 400 field error.
 */
public final class RequestValues {

	private RequestValues() {
	}

	/** The {@code month} query parameter, {@code fallback} when absent. */
	public static YearMonth month(@Nullable String month, YearMonth fallback) {
		YearMonth given = optionalMonth(month, "month");
		return (given != null) ? given : fallback;
	}

	/** A month as YYYY-MM in the request value named {@code field}, null when absent. */
	public static @Nullable YearMonth optionalMonth(@Nullable String value, String field) {
		return (value == null || value.isBlank()) ? null : month(value, field);
	}

	/**
	 * The first month a request may name: earlier ones (year 0000) were stored mangled
	 * ({@code -0001-12}) and lie before anything the service records.
	 */
	public static final YearMonth FIRST_MONTH = YearMonth.of(2000, 1);

	/**
	 * A month as YYYY-MM in the request value named {@code field}, not before 2000-01.
	 */
	public static YearMonth month(String value, String field) {
		String month = value.strip();
		try {
			if (month.length() == 7) {
				YearMonth parsed = YearMonth.parse(month);
				if (parsed.isBefore(FIRST_MONTH)) {
					throw ApiException
						.validation(List.of(ApiException.FieldProblem.of(field, "notBefore", FIRST_MONTH.toString())));
				}
				return parsed;
			}
		}
		catch (DateTimeParseException ex) {
			// answered below
		}
		throw ApiException.invalidField(field, "must be a month as YYYY-MM");
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

	/**
	 * The one rule for photo ids in a request: none when absent, and an id given twice is
	 * attached once (in the order first given).
	 */
	public static List<Long> photoIds(@Nullable List<Long> photoIds) {
		return (photoIds != null) ? List.copyOf(new LinkedHashSet<>(photoIds)) : List.of();
	}

	public static @Nullable String trimmed(@Nullable String text) {
		if (text == null) {
			return null;
		}
		String stripped = text.strip();
		return stripped.isEmpty() ? null : stripped;
	}

}
