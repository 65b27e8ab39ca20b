package cn.luohe.grassroots.visit.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import cn.luohe.grassroots.common.error.ApiException;
import org.jspecify.annotations.Nullable;

/**
 * Keyset position {@code (instant, id)} of a list ordered by a time and then by id;
 * opaque to clients.
 */
record Cursor(Instant at, long id) {

	String encode() {
		return ChronoUnit.MICROS.between(Instant.EPOCH, this.at) + "_" + this.id;
	}

	static @Nullable Cursor decode(@Nullable String value) {
		if (value == null) {
			return null;
		}
		int separator = value.indexOf('_');
		try {
			if (separator < 1) {
				throw new NumberFormatException();
			}
			long micros = Long.parseLong(value.substring(0, separator));
			long id = Long.parseLong(value.substring(separator + 1));
			return new Cursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), id);
		}
		catch (NumberFormatException | ArithmeticException ex) {
			throw ApiException.invalidField("cursor", "is not a cursor this list gave out");
		}
	}

}
