package cn.luohe.grassroots.common.paging;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import cn.luohe.grassroots.common.error.ApiException;
import org.jspecify.annotations.Nullable;

/**
 * A position in a list ordered by an instant and then id: {@code <epochMicros>_<id>}
 * (microseconds: what PostgreSQL keeps of an instant); opaque to clients. Lists ordered
 * by id alone use {@link Cursors}.
 */
public record InstantCursor(Instant at, long id) {

	public String encode() {
		return ChronoUnit.MICROS.between(Instant.EPOCH, this.at) + "_" + this.id;
	}

	/**
	 * The position in the {@code cursor} parameter, null without one (the first page);
	 * 400 for anything this list did not give.
	 */
	public static @Nullable InstantCursor decode(@Nullable String cursor) {
		if (cursor == null || cursor.isBlank()) {
			return null;
		}
		int separator = cursor.indexOf('_');
		try {
			if (separator > 0) {
				return new InstantCursor(
						Instant.EPOCH.plus(Long.parseLong(cursor.substring(0, separator)), ChronoUnit.MICROS),
						Long.parseLong(cursor.substring(separator + 1)));
			}
		}
		catch (NumberFormatException | ArithmeticException | DateTimeException ex) {
			// answered below like any other malformed cursor
		}
		throw ApiException.invalidField("cursor", Cursors.NOT_GIVEN_HERE);
	}

}
