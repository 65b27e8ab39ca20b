package cn.luohe.grassroots.visit.internal;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** A need with its answer, as its readers see it. */
public record NeedDetails(long id, long visitId, long orgId, String orgName, String month, String text,
		NeedStatus status, Instant createdAt, Person heardBy, @Nullable Instant resolvedAt, @Nullable Person resolvedBy,
		@Nullable String response) {
}
