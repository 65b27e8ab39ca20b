package cn.luohe.grassroots.correction.api;

import java.time.Instant;
import java.time.YearMonth;

import cn.luohe.grassroots.org.api.Org;
import org.jspecify.annotations.Nullable;

/**
 * What a record tells the correction helper about itself, read by its own feature.
 *
 * @param kind the record's kind
 * @param id the record's id
 * @param authorId who recorded it (may correct or void it within the amendment window)
 * @param createdAt when it was recorded (the window runs from here)
 * @param org the org whose administrators may correct or void it at any time, and where
 * its feed correction appears
 * @param title what the feed correction and the audit call it
 * @param townId the town whose monthly counts it is in, when it is counted
 * @param month the month it belongs to, when it has one: a month closed by the county's
 * submission refuses changes
 * @param voided whether it is voided already
 * @param snapshot the record as its feature answers it (the audit's "before")
 */
public record Correctable(RecordKind kind, long id, long authorId, Instant createdAt, Org org, String title,
		@Nullable Long townId, @Nullable YearMonth month, boolean voided, Object snapshot) {
}
