package cn.luohe.grassroots.common.web;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import cn.luohe.grassroots.common.error.ApiException;

/**
 * A position in a list ordered by an instant and then id: {@code <epochMicros>_<id>}
 * (microseconds: what PostgreSQL keeps of an instant).
 */
public record InstantCursor(Instant at, long id) {

	public String encode() {
		return ChronoUnit.MICROS.between(Instant.EPOCH, this.at) + "_" + this.id;
	}

	public static InstantCursor decode(String cursor) {
		int separator = cursor.indexOf('_');
		try {
			if (separator > 0) {
				return new InstantCursor(
						Instant.EPOCH.plus(Long.parseLong(cursor.substring(0, separator)), ChronoUnit.MICROS),
						Long.parseLong(cursor.substring(separator + 1)));
			}
		}
		catch (NumberFormatException | ArithmeticException | java.time.DateTimeException ex) {
			// answered below like any other malformed cursor
		}
		throw ApiException.invalidField("cursor", "is not a cursor this list gave");
	}

}
