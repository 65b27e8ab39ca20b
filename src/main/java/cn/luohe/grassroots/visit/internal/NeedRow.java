package cn.luohe.grassroots.visit.internal;

import java.time.Instant;
import java.time.LocalDate;

import cn.luohe.grassroots.org.api.Org;
import org.jspecify.annotations.Nullable;

/** A need as stored, with the org of its visit. */
record NeedRow(long id, long visitId, Org org, long townId, LocalDate month, long heardBy, String text,
		NeedStatus status, Instant createdAt, @Nullable Instant resolvedAt, @Nullable Long resolvedBy,
		@Nullable String response) {
}
