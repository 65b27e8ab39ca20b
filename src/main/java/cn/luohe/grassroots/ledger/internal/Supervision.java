package cn.luohe.grassroots.ledger.internal;

import java.time.Instant;
import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/** 约谈 (INTERVIEW) or 现场督导 (ONSITE) of a lagging assignment. */
public record Supervision(long id, long assignmentId, String kind, LocalDate heldOn, @Nullable String participants,
		String findings, String actions, @Nullable LocalDate followUpOn, @Nullable Instant followedUpAt, long createdBy,
		String supervisorName, Instant createdAt) {
}
