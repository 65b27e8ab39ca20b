package cn.luohe.grassroots.visit.internal;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/** One audited correction: the changed fields before and after. */
public record VisitChange(long id, Person changedBy, Instant changedAt, @Nullable String reason,
		Map<String, Object> before, Map<String, Object> after) {
}
